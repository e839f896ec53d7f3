// SPDX-License-Identifier: Apache-2.0
#include "app/datastore_command.h"

#include <boost/json.hpp>
#include <cstdio>

#include "app/cli.h"

namespace samverka::app {

namespace bj = boost::json;

void add_datastore_command(CLI::App& cli, DatastoreCommand& command,
                           const std::function<void(CLI::App*)>& add_data_option) {
  auto* datastore = cli.add_subcommand("datastore", "tables of rows loaded from distributions");
  datastore->require_subcommand(1);
  command.load = datastore->add_subcommand(
      "load", "load a CSV or TSV file into a distribution's table (replacing the old one)");
  add_data_option(command.load);
  command.load->add_option("DISTRIBUTION", command.distribution, "the distribution's id")
      ->required();
  command.load->add_option("FILE", command.file, "the file")->required();
  command.load->add_option("--delimiter", command.delimiter, ", ; | or tab (default: guessed)");
  command.load->add_option("--encoding", command.encoding,
                           "UTF-8, WINDOWS-1252, ISO-8859-1 ... (default: guessed)");
  command.load->add_option(
      "--header", command.header,
      "yes: the first row names the columns; no: it is data (default: guessed)");
  command.load->add_option("--types", command.types,
                           "column types instead of the guessed ones: name:type,name:type");
  command.load->add_flag("--json", command.json, "print the load's result as JSON");
  command.show = datastore->add_subcommand("show", "a distribution's table: columns and rows");
  add_data_option(command.show);
  command.show->add_option("DISTRIBUTION", command.distribution, "the distribution's id")
      ->required();
  command.show->add_flag("--json", command.json, "print JSON");
}

namespace {

Result<datastore::LoadOptions> options_of(const DatastoreCommand& command) {
  datastore::LoadOptions options;
  options.file_name = std::filesystem::path(command.file).filename().string();
  if (!command.delimiter.empty())
    options.hints.delimiter = TRY(datastore::parse_delimiter(command.delimiter, "--delimiter"));
  if (!command.encoding.empty()) options.hints.encoding = command.encoding;
  if (command.header == "yes" || command.header == "true") options.hints.header = true;
  if (command.header == "no" || command.header == "false") options.hints.header = false;
  if (!command.header.empty() && !options.hints.header)
    return make_error(ErrorCode::kBadRequest, "--header is yes or no");
  options.types = TRY(datastore::parse_types(command.types, "--types"));
  return options;
}

}  // namespace

int run_datastore_command(const DatastoreCommand& command, Runtime& runtime,
                          const accounts::Principal& principal,
                          const std::function<void(int64_t, int64_t)>& progress) {
  auto located = runtime.datastore->locate(principal, command.distribution);
  if (!located.ok()) {
    print_error(located.error());
    return 1;
  }
  if (command.show->parsed()) {
    auto info = runtime.datastore->info(principal, command.distribution);
    if (!info.ok()) {
      print_error(info.error());
      return 1;
    }
    if (command.json) {
      bj::array columns;
      for (const datastore::TableColumn& column : info->columns) {
        columns.push_back(bj::object{{"name", column.name},
                                     {"type", datastore::type_name(column.type)},
                                     {"title", column.title},
                                     {"description", column.description}});
      }
      std::printf("%s\n", bj::serialize(bj::object{{"rows", info->rows},
                                                   {"loaded", info->loaded},
                                                   {"columns", std::move(columns)}})
                              .c_str());
      return 0;
    }
    std::printf("%lld rows, loaded %s\n", static_cast<long long>(info->rows), info->loaded.c_str());
    for (const datastore::TableColumn& column : info->columns)
      std::printf("  %-30s %s\n", column.name.c_str(), datastore::type_name(column.type));
    return 0;
  }
  auto options = options_of(command);
  if (!options.ok()) {
    print_error(options.error());
    return 1;
  }
  auto result = runtime.datastore->load(
      located.value(), command.file, options.value(),
      [&progress](int64_t done, int64_t total, const std::string&) { progress(done, total); }, {});
  if (!result.ok()) {
    print_error(result.error());
    return 1;
  }
  if (command.json) {
    std::printf("%s\n", bj::serialize(result.value()).c_str());
    return 0;
  }
  const bj::object& out = result.value();
  std::printf("loaded %lld rows (%s, delimiter %s, %s)\n",
              static_cast<long long>(out.at("rows").as_int64()),
              std::string(out.at("encoding").as_string()).c_str(),
              std::string(out.at("delimiter").as_string()).c_str(),
              out.at("header").as_bool() ? "with a header" : "no header");
  for (const bj::value& column : out.at("columns").as_array()) {
    std::printf("  %-30s %s\n", std::string(column.at("name").as_string()).c_str(),
                std::string(column.at("type").as_string()).c_str());
  }
  int64_t passed = out.at("rows_passed_over").as_int64();
  if (passed > 0) {
    std::printf("%lld rows passed over:\n", static_cast<long long>(passed));
    for (const bj::value& error : out.at("errors").as_array()) {
      std::printf("  line %lld: %s\n", static_cast<long long>(error.at("line").as_int64()),
                  std::string(error.at("message").as_string()).c_str());
    }
  }
  return 0;
}

}  // namespace samverka::app
