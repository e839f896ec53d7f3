// SPDX-License-Identifier: Apache-2.0
#include "app/cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "app/datastore_command.h"
#include "app/demo.h"
#include "app/harvest_command.h"
#include "app/import_command.h"
#include "app/jobs_command.h"
#include "app/quality_command.h"
#include "app/runtime.h"
#include "storage/migrations.h"

namespace samverka::app {

void print_error(const Error& error) {
  std::fprintf(stderr, "samverka: %s\n", error.message.c_str());
  for (const auto& detail : error.details) {
    std::fprintf(stderr, "  %s: %s\n", detail.field.c_str(), detail.message.c_str());
  }
}

namespace {

int fail(const Error& error) {
  print_error(error);
  return error.code == ErrorCode::kInternal ? 70 : 1;
}

std::string default_data_directory() {
  const char* environment = std::getenv("SAMVERKA_DATA");
  return environment && *environment ? environment : "./data";
}

// A sysadmin principal for the administration commands, which run with the operator's rights.
accounts::Principal operator_principal() {
  accounts::Principal principal;
  principal.user_id = "cli";
  principal.user_name = "cli";
  principal.sysadmin = true;
  return principal;
}

// Redraws a bar on a terminal; elsewhere (logs, CI) prints a line every tenth of the way.
void progress_bar(int done, int total) {
  static const bool terminal = isatty(fileno(stderr));
  if (!terminal) {
    if (total > 0 && (done == total || done % std::max(1, total / 10) == 0)) {
      std::fprintf(stderr, "%d/%d\n", done, total);
    }
    return;
  }
  int width = 40;
  int filled = total ? static_cast<int>(int64_t{width} * done / total) : width;
  std::fprintf(stderr, "\r[%s%s] %d/%d", std::string(filled, '#').c_str(),
               std::string(width - filled, ' ').c_str(), done, total);
  if (done == total) std::fprintf(stderr, "\n");
}

void progress_bar64(int64_t done, int64_t total) {
  progress_bar(static_cast<int>(done), static_cast<int>(total));
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App cli{"Samverka: a national open data platform (DCAT-AP-SE catalogue, API, search)"};
  cli.require_subcommand(1);
  std::string data = default_data_directory();
  auto add_data_option = [&](CLI::App* command) {
    command->add_option("--data", data, "data folder (default $SAMVERKA_DATA, else ./data)");
  };

  // init
  auto* init = cli.add_subcommand("init", "create a data folder");
  std::string init_directory;
  int demo_count = -1;
  init->add_option("DIR", init_directory, "the folder to create")->required();
  init->add_option("--demo", demo_count, "also load a demo catalogue of about N datasets")
      ->check(CLI::Range(0, 10000000));

  // serve
  auto* serve_command = cli.add_subcommand("serve", "serve the portal and its API");
  add_data_option(serve_command);
  std::string listen;
  int threads = 0;
  serve_command->add_option("--listen", listen, "HOST:PORT (port 0 picks a free port)");
  serve_command->add_option("--threads", threads, "request threads")->check(CLI::Range(1, 256));

  // reindex
  auto* reindex =
      cli.add_subcommand("reindex", "rebuild the search index (the server keeps serving)");
  add_data_option(reindex);

  // import
  auto* import_command =
      cli.add_subcommand("import", "import DCAT-AP(-SE) RDF: a file or an http(s) URL");
  add_data_option(import_command);
  std::string import_source, import_publisher, import_format = "guess";
  bool import_dry_run = false, import_partial = false, import_json = false, import_verbose = false;
  import_command
      ->add_option("FILE", import_source,
                   "an RDF file (RDF/XML, Turtle, N-Triples, JSON-LD) or URL")
      ->required();
  import_command->add_option("--publisher", import_publisher,
                             "publish every dataset under this organisation (id or slug)");
  import_command
      ->add_option("--format", import_format,
                   "rdfxml, turtle, ntriples or jsonld (default: from the name and content)")
      ->check(CLI::IsMember({"guess", "rdfxml", "turtle", "ntriples", "jsonld"}));
  import_command->add_flag("--dry-run", import_dry_run, "report what would change; write nothing");
  import_command->add_flag("--partial", import_partial,
                           "keep the valid datasets when others are rejected");
  import_command->add_flag("--json", import_json, "print the whole report as JSON");
  import_command->add_flag("-v,--verbose", import_verbose, "also print each dataset's warnings");

  JobsCommand jobs_command;
  add_jobs_command(cli, jobs_command, add_data_option);
  HarvestCommand harvest_command;
  add_harvest_command(cli, harvest_command, add_data_option);
  QualityCommand quality_command;
  add_quality_command(cli, quality_command, add_data_option);
  DatastoreCommand datastore_command;
  add_datastore_command(cli, datastore_command, add_data_option);

  // routes: the HTTP routes this binary serves, one "METHOD PATTERN" a line
  auto* routes_command = cli.add_subcommand("routes", "list the HTTP routes");
  add_data_option(routes_command);

  // user add
  auto* user = cli.add_subcommand("user", "manage users");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "add a user");
  add_data_option(user_add);
  std::string user_name, email;
  bool sysadmin = false, password_stdin = false;
  user_add->add_option("NAME", user_name)->required();
  user_add->add_option("--email", email)->required();
  user_add->add_flag("--sysadmin", sysadmin, "make the user a sysadmin");
  user_add->add_flag("--password-stdin", password_stdin, "read a password from standard input");

  // org add
  auto* org = cli.add_subcommand("org", "manage organisations");
  org->require_subcommand(1);
  auto* org_add = org->add_subcommand("add", "add an organisation");
  add_data_option(org_add);
  std::string slug, name_sv, name_en, org_number, type;
  org_add->add_option("SLUG", slug)->required();
  org_add->add_option("--name-sv", name_sv)->required();
  org_add->add_option("--name-en", name_en);
  org_add->add_option("--org-number", org_number, "Swedish organisation number, NNNNNN-NNNN");
  org_add->add_option("--type", type, "ADMS publisher type, e.g. NationalAuthority");

  // member add
  auto* member = cli.add_subcommand("member", "manage memberships");
  member->require_subcommand(1);
  auto* member_add = member->add_subcommand("add", "add a user to an organisation");
  add_data_option(member_add);
  std::string member_org, member_user, role;
  member_add->add_option("ORG", member_org)->required();
  member_add->add_option("USER", member_user)->required();
  member_add->add_option("--role", role)
      ->required()
      ->check(CLI::IsMember({"admin", "editor", "member"}));

  // token create / revoke
  auto* token = cli.add_subcommand("token", "manage API tokens");
  token->require_subcommand(1);
  auto* token_create = token->add_subcommand("create", "create a token; prints it once");
  add_data_option(token_create);
  std::string token_user, token_name;
  int expires_days = 0;
  token_create->add_option("USER", token_user)->required();
  token_create->add_option("--name", token_name, "a label for the token");
  token_create->add_option("--expires-days", expires_days, "days until it expires")
      ->check(CLI::Range(1, 3650));
  auto* token_revoke = token->add_subcommand("revoke", "revoke a token by its id");
  add_data_option(token_revoke);
  std::string token_id;
  token_revoke->add_option("ID", token_id)->required();

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return cli.exit(error);
  }

  // Needs no data folder.
  if (quality_command.validate->parsed()) return run_validate_command(quality_command);

  if (init->parsed()) {
    if (std::filesystem::exists(std::filesystem::path(init_directory) / "samverka.db")) {
      return fail(make_error(ErrorCode::kConflict,
                             init_directory + " already holds a samverka data folder"));
    }
    auto init_started = std::chrono::steady_clock::now();
    auto runtime = open_runtime(init_directory, OpenMode::kCreate);
    if (!runtime.ok()) return fail(runtime.error());
    auto config_path = std::filesystem::path(init_directory) / "samverka.toml";
    if (!std::filesystem::exists(config_path)) std::ofstream(config_path) << config_template();
    std::printf("created %s (schema version %d)\n", init_directory.c_str(),
                storage::latest_schema_version());
    Runtime& created = *runtime.value();
    if (demo_count > 0) {
      // The indexer follows the change log on the second core while the catalogue loads.
      auto started = std::chrono::steady_clock::now();
      Status indexing = created.indexer->start();
      if (!indexing.ok()) return fail(indexing.error());
      Status loaded = load_demo(*created.organizations, *created.datasets, *created.data_services,
                                demo_count, progress_bar);
      if (!loaded.ok()) return fail(loaded.error());
      double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      std::printf("loaded a demo catalogue of %d datasets in %.1f s\n", demo_count, seconds);
      // An editor to try the portal's forms with: a demo folder only, never a real one.
      auto editor = created.accounts->add_user("redaktor", "redaktor@example.org", false,
                                               std::string(kDemoEditorPassword));
      if (!editor.ok()) return fail(editor.error());
      auto organizations = created.organizations->list();
      if (!organizations.ok()) return fail(organizations.error());
      for (size_t index = 0; index < organizations->size() && index < 3; ++index) {
        Status added =
            created.organizations->add_member(operator_principal(), (*organizations)[index].slug,
                                              "redaktor", accounts::Role::kEditor);
        if (!added.ok()) return fail(added.error());
      }
      std::printf("demo editor: sign in as redaktor with the password %s\n",
                  std::string(kDemoEditorPassword).c_str());
      created.indexer->stop();
    }
    Status indexed = created.indexer->catch_up();  // creates the index of an empty folder too
    if (!indexed.ok()) return fail(indexed.error());
    if (demo_count > 0) {
      std::printf(
          "search index complete after %.1f s\n",
          std::chrono::duration<double>(std::chrono::steady_clock::now() - init_started).count());
    }
    return 0;
  }

  auto runtime = open_runtime(data, OpenMode::kExisting);
  if (!runtime.ok()) return fail(runtime.error());
  Runtime& opened = *runtime.value();

  if (serve_command->parsed()) {
    Status served = serve(opened, listen.empty() ? opened.config.listen : listen, threads);
    return served.ok() ? 0 : fail(served.error());
  }
  if (reindex->parsed()) {
    auto started = std::chrono::steady_clock::now();
    Status rebuilt = search::ChangeIndexer::rebuild(*opened.database, opened.search_directory(),
                                                    opened.document_sources(), progress_bar64);
    if (!rebuilt.ok()) return fail(rebuilt.error());
    std::printf("rebuilt the search index in %.1f s\n",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    return 0;
  }
  if (import_command->parsed()) {
    return run_import(opened, operator_principal(), import_source, import_format, import_publisher,
                      import_dry_run, import_partial, import_json, import_verbose, progress_bar64);
  }
  if (routes_command->parsed()) {
    auto routes = build_routes(opened);
    for (const auto& route : routes->router.routes()) {
      std::printf("%s %s\n", route.method.c_str(), route.pattern.c_str());
    }
    return 0;
  }
  if (user_add->parsed()) {
    std::optional<std::string> password;
    if (password_stdin) {
      std::string line;
      std::getline(std::cin, line);
      password = line;
    }
    auto added = opened.accounts->add_user(user_name, email, sysadmin, password);
    if (!added.ok()) return fail(added.error());
    std::printf("added user %s (%s)\n", added->name.c_str(), added->id.c_str());
    return 0;
  }
  if (org_add->parsed()) {
    boost::json::object body{{"slug", slug}};
    boost::json::object name{{"sv", name_sv}};
    if (!name_en.empty()) name["en"] = name_en;
    body["name"] = std::move(name);
    if (!org_number.empty()) body["org_number"] = org_number;
    if (!type.empty()) body["type"] = type;
    auto created = opened.organizations->create(operator_principal(), body);
    if (!created.ok()) return fail(created.error());
    std::printf("added organisation %s (%s)\n", created->slug.c_str(), created->id.c_str());
    return 0;
  }
  if (member_add->parsed()) {
    Status added = opened.organizations->add_member(operator_principal(), member_org, member_user,
                                                    accounts::role_from_name(role));
    if (!added.ok()) return fail(added.error());
    std::printf("%s is now %s of %s\n", member_user.c_str(), role.c_str(), member_org.c_str());
    return 0;
  }
  if (jobs_command.parsed()) return run_jobs_command(jobs_command, opened, operator_principal());
  if (harvest_command.parsed())
    return run_harvest_command(harvest_command, opened, operator_principal(), progress_bar64);
  if (quality_command.parsed()) return run_quality_command(quality_command, opened, progress_bar64);
  if (datastore_command.parsed())
    return run_datastore_command(datastore_command, opened, operator_principal(), progress_bar64);
  if (token_create->parsed()) {
    auto created = opened.accounts->create_token(
        token_user, token_name, expires_days > 0 ? std::optional<int>(expires_days) : std::nullopt);
    if (!created.ok()) return fail(created.error());
    std::printf("token id %s for %s; it is shown once, store it now:\n%s\n",
                created->record.id.c_str(), token_user.c_str(), created->secret.c_str());
    return 0;
  }
  if (token_revoke->parsed()) {
    Status revoked = opened.accounts->revoke_token(token_id);
    if (!revoked.ok()) return fail(revoked.error());
    std::printf("revoked token %s\n", token_id.c_str());
    return 0;
  }
  return 0;
}

}  // namespace samverka::app
