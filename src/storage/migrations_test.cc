// SPDX-License-Identifier: Apache-2.0
#include "storage/migrations.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

namespace samverka::storage {
namespace {

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("samverka-storage-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }
  std::unique_ptr<Database> open() {
    auto database = open_sqlite({.path = (directory_ / "test.db").string(), .create = true});
    EXPECT_TRUE(database.ok());
    return std::move(database).value();
  }
  std::filesystem::path directory_;
};

TEST_F(MigrationsTest, RunForwardOnceAndAreIdempotent) {
  auto database = open();
  EXPECT_EQ(migrate(*database).value(), 0);
  EXPECT_EQ(schema_version(*database).value(), latest_schema_version());
  EXPECT_EQ(migrate(*database).value(), latest_schema_version());
}

TEST_F(MigrationsTest, RefusesNewerSchemaWithoutTouchingIt) {
  auto database = open();
  ASSERT_TRUE(migrate(*database).ok());
  int newer = latest_schema_version() + 1;
  ASSERT_TRUE(database
                  ->write([&](Connection& connection) -> Status {
                    return connection.set_schema_version(newer);
                  })
                  .ok());
  auto result = migrate(*database);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message.find("newer"), std::string::npos);
  EXPECT_EQ(schema_version(*database).value(), newer);
}

// Step 5 fills the dataset -> data service table from the services already stored.
TEST_F(MigrationsTest, ServedDatasetsAreFilledFromStoredServices) {
  auto database = open();
  const auto& steps = database->migration_steps(Schema::kCatalog);
  ASSERT_TRUE(
      database
          ->write([&](Connection& connection) -> Status {
            for (int version = 1; version <= 4; ++version)
              TRY(connection.execute(steps[version - 1]));
            TRY(connection.execute(
                "INSERT INTO organizations (id, slug, name_sv, created, modified, revision) "
                "VALUES ('o1', 'o', 'O', 'now', 'now', 1)"));
            TRY(connection.execute(
                "INSERT INTO data_services (id, publisher_id, created, record_modified, "
                "revision, document) VALUES ('s1', 'o1', 'now', 'now', 1, "
                "'{\"serves_datasets\": [\"d1\", \"d2\", \"d1\", 7]}'), "
                "('s2', 'o1', 'now', 'now', 1, '{\"title\": \"x\"}')"));
            return connection.set_schema_version(4);
          })
          .ok());
  EXPECT_EQ(migrate(*database).value(), 4);
  auto links = database->read([](Connection& connection) -> Result<std::string> {
    Statement* statement = TRY(
        connection.prepare("SELECT group_concat(dataset_id || '>' || data_service_id, ' ') FROM "
                           "(SELECT * FROM data_service_datasets ORDER BY dataset_id)"));
    TRY(statement->step());
    return statement->text(0);
  });
  EXPECT_EQ(links.value(), "d1>s1 d2>s1");
}

TEST_F(MigrationsTest, FailedWriteRollsBack) {
  auto database = open();
  ASSERT_TRUE(migrate(*database).ok());
  auto result = database->write([](Connection& connection) -> Status {
    Statement* insert =
        TRY(connection.prepare("INSERT INTO users (id, name, email, created) VALUES (?, ?, ?, ?)"));
    TRY(insert->bind(1, "u1").bind(2, "anna").bind(3, "a@b.se").bind(4, "now").run());
    return make_error(ErrorCode::kValidation, "refused after the insert");
  });
  EXPECT_FALSE(result.ok());
  auto count = database->read([](Connection& connection) -> Result<int64_t> {
    Statement* statement = TRY(connection.prepare("SELECT count(*) FROM users"));
    TRY(statement->step());
    return statement->integer(0);
  });
  EXPECT_EQ(count.value(), 0);
}

TEST_F(MigrationsTest, ConstraintViolationIsConflict) {
  auto database = open();
  ASSERT_TRUE(migrate(*database).ok());
  auto insert_anna = [](Connection& connection) -> Status {
    Statement* insert = TRY(connection.prepare(
        "INSERT INTO users (id, name, email, created) VALUES ('first', 'anna', 'a@b.se', 'now')"));
    return insert->run();
  };
  ASSERT_TRUE(database->write(insert_anna).ok());
  auto second = database->write([](Connection& connection) -> Status {
    Statement* insert = TRY(connection.prepare(
        "INSERT INTO users (id, name, email, created) VALUES ('other', 'anna', 'a@b.se', 'now')"));
    return insert->run();
  });
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kConflict);
}

TEST_F(MigrationsTest, ParallelReadsAndWritesAllLand) {
  auto database = open();
  ASSERT_TRUE(migrate(*database).ok());
  std::vector<std::thread> threads;
  for (int worker = 0; worker < 4; ++worker) {
    threads.emplace_back([&, worker] {
      for (int index = 0; index < 50; ++index) {
        std::string id = std::to_string(worker) + "-" + std::to_string(index);
        auto written = database->write([&](Connection& connection) -> Status {
          Statement* insert = TRY(connection.prepare(
              "INSERT INTO users (id, name, email, created) VALUES (?, ?, 'a@b.se', 'now')"));
          return insert->bind(1, id).bind(2, "user" + id).run();
        });
        EXPECT_TRUE(written.ok());
        auto read = database->read([](Connection& connection) -> Result<int64_t> {
          Statement* statement = TRY(connection.prepare("SELECT count(*) FROM users"));
          TRY(statement->step());
          return statement->integer(0);
        });
        EXPECT_TRUE(read.ok()) << (read.ok() ? "" : read.error().message);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  auto count = database->read([](Connection& connection) -> Result<int64_t> {
    Statement* statement = TRY(connection.prepare("SELECT count(*) FROM users"));
    TRY(statement->step());
    return statement->integer(0);
  });
  EXPECT_EQ(count.value(), 200);
}

}  // namespace
}  // namespace samverka::storage
