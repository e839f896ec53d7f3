// SPDX-License-Identifier: Apache-2.0
#include "app/import_command.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "app/cli.h"
#include "catalog/dcat/import/import_service.h"
#include "net/fetch.h"
#include "rdf/rdf.h"

namespace samverka::app {

namespace bj = boost::json;

namespace {

int fail(const Error& error) {
  print_error(error);
  return 1;  // the import's exit status: nothing written
}

void print_errors(const char* label, const bj::value& list) {
  for (const auto& item : list.get_array()) {
    std::printf("    %s %s: %s\n", label, std::string(item.at("field").get_string()).c_str(),
                std::string(item.at("message").get_string()).c_str());
  }
}

// One line per dataset or data service, then its reason, errors and (verbose) warnings.
void print_item(const bj::object& item, const char* suffix, bool verbose) {
  std::printf("%-9s %s  %s%s\n", std::string(item.at("outcome").get_string()).c_str(),
              std::string(item.at("iri").get_string()).c_str(),
              std::string(item.at("title").get_string()).c_str(), suffix);
  if (const bj::value* reason = item.if_contains("reason")) {
    std::printf("    reason: %s\n", std::string(reason->get_string()).c_str());
  }
  if (const bj::value* minted = item.if_contains("iri_minted_from")) {
    std::printf("    note: a blank node; its IRI was minted from %s\n",
                std::string(minted->get_string()).c_str());
  }
  print_errors("error", item.at("errors"));
  if (verbose) print_errors("warning", item.at("warnings"));
}

}  // namespace

int run_import(Runtime& runtime, const accounts::Principal& principal, const std::string& source,
               const std::string& format, const std::string& publisher, bool dry_run, bool partial,
               bool json, bool verbose, const std::function<void(int64_t, int64_t)>& progress) {
  std::string fetched_body;
  std::string content_type;
  std::ifstream file;
  rdf::ChunkReader read;
  if (source.rfind("http://", 0) == 0 || source.rfind("https://", 0) == 0) {
    net::FetchOptions fetch_options = outbound_fetch_options(runtime.config);
    fetch_options.accept = rdf::kAcceptRdf;
    auto fetched = net::fetch(source, fetch_options);
    if (!fetched.ok()) return fail(fetched.error());
    content_type = fetched->content_type;
    fetched_body = std::move(fetched->body);
  } else {
    file.open(source, std::ios::binary);
    if (!file) return fail(make_error(ErrorCode::kNotFound, "cannot open " + source));
    // Read as a stream: a large file is never held in memory whole.
    read = [&file, &source](char* buffer, size_t capacity) -> Result<size_t> {
      file.read(buffer, static_cast<std::streamsize>(capacity));
      if (file.bad()) return make_error(ErrorCode::kBadRequest, "could not read " + source);
      return static_cast<size_t>(file.gcount());
    };
  }
  catalog::ImportOptions options;
  options.syntax = format;
  if (options.syntax == "guess") options.syntax = rdf::syntax_of_document(content_type, source);
  if (!publisher.empty()) options.publisher = publisher;
  options.dry_run = dry_run;
  options.partial = partial;
  options.source = source;
  auto report = read ? runtime.imports->run(principal, read, options, progress)
                     : runtime.imports->run(principal, fetched_body, options, progress);
  if (!report.ok()) return fail(report.error());
  const bj::object& result = report.value();
  std::string status(result.at("status").get_string());
  if (json) {
    std::printf("%s\n", bj::serialize(result).c_str());
  } else {
    for (const auto& item : result.at("datasets").get_array())
      print_item(item.get_object(), "", verbose);
    for (const auto& item : result.at("data_services").get_array()) {
      print_item(item.get_object(), " (data service)", verbose);
    }
    for (const auto& note : result.at("notes").get_array()) {
      std::printf("note: %s\n", std::string(note.get_string()).c_str());
    }
    const bj::object& summary = result.at("summary").get_object();
    std::printf(
        "%s: %lld datasets: %lld created, %lld updated, %lld unchanged, %lld draft, %lld rejected; "
        "%lld organisations created\n",
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
    if (status != "dry_run")
      std::printf("report: /api/v1/imports/%s\n",
                  std::string(result.at("id").get_string()).c_str());
  }
  bool none_rejected = result.at("summary").at("rejected").as_int64() == 0 &&
                       result.at("summary").at("data_services").at("rejected").as_int64() == 0;
  if (status == "partial") return none_rejected ? 0 : 2;
  return status == "applied" || (status == "dry_run" && none_rejected) ? 0 : 1;
}

}  // namespace samverka::app
