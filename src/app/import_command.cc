// SPDX-License-Identifier: Apache-2.0
#include "app/import_command.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "catalog/import_service.h"
#include "rdf/rdf.h"

namespace samverka::app {

namespace bj = boost::json;

namespace {

constexpr size_t kMaxFileBytes = size_t{2} << 30;

Result<std::string> read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return make_error(ErrorCode::kNotFound, "cannot open " + path);
  file.seekg(0, std::ios::end);
  auto size = static_cast<size_t>(file.tellg());
  if (size > kMaxFileBytes) return make_error(ErrorCode::kPayloadTooLarge, path + " is larger than 2 GB");
  file.seekg(0);
  std::string data(size, '\0');
  file.read(data.data(), static_cast<std::streamsize>(size));
  if (!file) return make_error(ErrorCode::kBadRequest, "could not read " + path);
  return data;
}

std::string extension_of(const std::string& source) {
  std::string path = source.substr(0, source.find('?'));
  size_t dot = path.rfind('.');
  size_t slash = path.rfind('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  return path.substr(dot + 1);
}

void print_errors(const char* label, const bj::value& list) {
  for (const auto& item : list.get_array()) {
    std::printf("    %s %s: %s\n", label, std::string(item.at("field").get_string()).c_str(),
                std::string(item.at("message").get_string()).c_str());
  }
}

}  // namespace

int run_import(Runtime& runtime, const accounts::Principal& principal, const std::string& source,
               const std::string& format, const std::string& publisher, bool dry_run, bool partial,
               bool json, bool verbose, const std::function<void(int64_t, int64_t)>& progress) {
  Result<std::string> data = std::string();
  catalog::ImportOptions options;
  if (source.rfind("http://", 0) == 0 || source.rfind("https://", 0) == 0) {
    data = make_error(ErrorCode::kBadRequest, "fetching URLs is not available in this build");
  } else {
    data = read_file(source);
  }
  if (!data.ok()) {
    std::fprintf(stderr, "samverka: %s\n", data.error().message.c_str());
    return 1;
  }
  options.syntax = format != "guess" ? format : rdf::syntax_for(extension_of(source));
  if (!publisher.empty()) options.publisher = publisher;
  options.dry_run = dry_run;
  options.partial = partial;
  options.source = source;
  auto report = runtime.imports->run(principal, data.value(), options, progress);
  if (!report.ok()) {
    std::fprintf(stderr, "samverka: %s\n", report.error().message.c_str());
    for (const auto& detail : report.error().details) {
      std::fprintf(stderr, "  %s: %s\n", detail.field.c_str(), detail.message.c_str());
    }
    return 1;
  }
  const bj::object& result = report.value();
  std::string status(result.at("status").get_string());
  if (json) {
    std::printf("%s\n", bj::serialize(result).c_str());
  } else {
    for (const auto& item : result.at("datasets").get_array()) {
      const bj::object& dataset = item.get_object();
      std::printf("%-9s %s  %s\n", std::string(dataset.at("outcome").get_string()).c_str(),
                  std::string(dataset.at("iri").get_string()).c_str(),
                  std::string(dataset.at("title").get_string()).c_str());
      if (const bj::value* reason = dataset.if_contains("reason")) {
        std::printf("    reason: %s\n", std::string(reason->get_string()).c_str());
      }
      if (const bj::value* minted = dataset.if_contains("iri_minted_from")) {
        std::printf("    note: a blank node; its IRI was minted from %s\n", std::string(minted->get_string()).c_str());
      }
      print_errors("error", dataset.at("errors"));
      if (verbose) print_errors("warning", dataset.at("warnings"));
    }
    for (const auto& note : result.at("notes").get_array()) {
      std::printf("note: %s\n", std::string(note.get_string()).c_str());
    }
    const bj::object& summary = result.at("summary").get_object();
    std::printf("%s: %lld datasets: %lld created, %lld updated, %lld unchanged, %lld draft, %lld rejected; %lld organisations created\n",
                status.c_str(), static_cast<long long>(summary.at("datasets").as_int64()),
                static_cast<long long>(summary.at("created").as_int64()),
                static_cast<long long>(summary.at("updated").as_int64()),
                static_cast<long long>(summary.at("unchanged").as_int64()),
                static_cast<long long>(summary.at("draft").as_int64()),
                static_cast<long long>(summary.at("rejected").as_int64()),
                static_cast<long long>(summary.at("organizations_created").as_int64()));
    if (const bj::value* message = result.if_contains("message")) {
      std::printf("%s\n", std::string(message->get_string()).c_str());
    }
    if (status != "dry_run") std::printf("report: /api/v1/imports/%s\n", std::string(result.at("id").get_string()).c_str());
  }
  bool none_rejected = result.at("summary").at("rejected").as_int64() == 0;
  if (status == "partial") return none_rejected ? 0 : 2;
  return status == "applied" || (status == "dry_run" && none_rejected) ? 0 : 1;
}

}  // namespace samverka::app
