// SPDX-License-Identifier: Apache-2.0
// What every Database backend must do. The suite is parameterised by a factory; the SQLite
// backend runs it here, and the PostgreSQL backend will add its own factory.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <set>
#include <thread>
#include <vector>

#include "storage/change_log.h"
#include "storage/database.h"
#include "storage/migrations.h"

namespace samverka::storage {
namespace {

using Factory = std::function<std::unique_ptr<Database>(const std::filesystem::path& directory,
                                                        int write_wait_ms)>;

struct Backend {
  const char* name;
  Factory open;
};

class DatabaseConformance : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("samverka-conformance-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
    database_ = GetParam().open(directory_, 200);
    ASSERT_TRUE(database_);
    ASSERT_TRUE(migrate(*database_).ok());
    ASSERT_TRUE(database_
                    ->write([](Connection& connection) {
                      return connection.execute(
                          "CREATE TABLE things (id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, "
                          "note TEXT)");
                    })
                    .ok());
  }
  void TearDown() override {
    database_.reset();
    std::filesystem::remove_all(directory_);
  }

  Status insert(Connection& connection, int64_t id, const std::string& slug) {
    Statement* statement =
        TRY(connection.prepare("INSERT INTO things (id, slug, note) VALUES (?, ?, ?)"));
    statement->bind(1, id).bind(2, slug).bind_null(3);
    return statement->run();
  }
  int64_t count() {
    auto counted = database_->read([](Connection& connection) -> Result<int64_t> {
      Statement* statement = TRY(connection.prepare("SELECT count(*) FROM things"));
      TRY(statement->step());
      return statement->integer(0);
    });
    EXPECT_TRUE(counted.ok());
    return counted.ok() ? counted.value() : -1;
  }

  std::filesystem::path directory_;
  std::unique_ptr<Database> database_;
};

TEST_P(DatabaseConformance, StatementsBindAndReadTextIntegersAndNulls) {
  ASSERT_TRUE(
      database_->write([&](Connection& connection) { return insert(connection, 7, "sju"); }).ok());
  auto row = database_->read([](Connection& connection) -> Result<std::string> {
    Statement* statement =
        TRY(connection.prepare("SELECT id, slug, note FROM things WHERE slug = ?"));
    statement->bind(1, "sju");
    if (!TRY(statement->step())) return std::string("no row");
    return std::to_string(statement->integer(0)) + "/" + statement->text(1) + "/" +
           (statement->is_null(2) ? "null" : statement->text(2));
  });
  ASSERT_TRUE(row.ok());
  EXPECT_EQ(row.value(), "7/sju/null");
}

TEST_P(DatabaseConformance, AFailedWriteChangesNothing) {
  auto failed = database_->write([&](Connection& connection) -> Status {
    TRY(insert(connection, 1, "ett"));
    return make_error(ErrorCode::kValidation, "refused after the insert");
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::kValidation);
  EXPECT_EQ(count(), 0);
}

TEST_P(DatabaseConformance, ASavepointUndoesItsPartAndTheTransactionGoesOn) {
  ASSERT_TRUE(database_
                  ->write([&](Connection& connection) -> Status {
                    TRY(insert(connection, 1, "ett"));
                    TRY(connection.savepoint("second"));
                    TRY(insert(connection, 2, "tva"));
                    TRY(connection.rollback_to("second"));
                    TRY(connection.release("second"));
                    TRY(connection.savepoint("third"));
                    TRY(insert(connection, 3, "tre"));
                    return connection.release("third");
                  })
                  .ok());
  EXPECT_EQ(count(), 2);
}

TEST_P(DatabaseConformance, AUniqueViolationNamesItsConstraint) {
  ASSERT_TRUE(
      database_->write([&](Connection& connection) { return insert(connection, 1, "ett"); }).ok());
  auto taken =
      database_->write([&](Connection& connection) { return insert(connection, 2, "ett"); });
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, ErrorCode::kConflict);
  EXPECT_EQ(taken.error().constraint, "things.slug");
  EXPECT_TRUE(violates(taken.error(), "things.slug"));
  EXPECT_FALSE(violates(taken.error(), "things.id"));
  EXPECT_EQ(count(), 1);
}

TEST_P(DatabaseConformance, AWriteWaitsForTheWriterOnlyWithinItsBound) {
  std::atomic<bool> holding{false}, release{false};
  std::thread holder([&] {
    Status held = database_->write([&](Connection& connection) -> Status {
      TRY(insert(connection, 1, "ett"));
      holding = true;
      while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      return {};
    });
    EXPECT_TRUE(held.ok());
  });
  while (!holding) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // Reads never wait for the writer, and see only what is committed.
  EXPECT_EQ(count(), 0);
  auto refused =
      database_->write([&](Connection& connection) { return insert(connection, 2, "tva"); });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
  release = true;
  holder.join();
  EXPECT_EQ(count(), 1);
}

// Writers commit side by side while a tailer follows the change log as the indexer does. A
// tailer that takes seq > last must never pass a sequence number whose change commits later
// (possible where writers run concurrently, as on PostgreSQL): every change must be seen.
TEST_P(DatabaseConformance, AChangeLogTailerNeverSkipsAConcurrentCommit) {
  constexpr int kWriters = 4, kChangesEach = 150;
  std::atomic<int> writers_done{0};
  std::vector<std::thread> writers;
  for (int writer = 0; writer < kWriters; ++writer) {
    writers.emplace_back([&, writer] {
      for (int index = 0; index < kChangesEach; ++index) {
        Status written;
        do {  // the writer is busy: try again, as a job would
          written = database_->write([&](Connection& connection) {
            return append_change(connection, "thing",
                                 std::to_string(writer) + "-" + std::to_string(index), "create",
                                 "2026-11-30T00:00:00Z");
          });
        } while (!written.ok() && written.error().code == ErrorCode::kUnavailable);
        EXPECT_TRUE(written.ok());
      }
      ++writers_done;
    });
  }
  std::set<std::string> seen;
  int64_t last = 0;
  while (true) {
    bool finished = writers_done == kWriters;
    auto changes = database_->read(
        [&](Connection& connection) { return changes_after(connection, last, 50); });
    ASSERT_TRUE(changes.ok());
    for (const Change& change : changes.value()) {
      EXPECT_GT(change.seq, last);
      last = change.seq;
      seen.insert(change.entity_id);
    }
    if (finished && changes->empty()) break;
  }
  for (auto& writer : writers) writer.join();
  EXPECT_EQ(seen.size(), static_cast<size_t>(kWriters * kChangesEach));
}

INSTANTIATE_TEST_SUITE_P(
    Backends, DatabaseConformance,
    ::testing::Values(Backend{"sqlite",
                              [](const std::filesystem::path& directory, int write_wait_ms) {
                                auto opened = open_sqlite({.path = (directory / "test.db").string(),
                                                           .write_wait_ms = write_wait_ms,
                                                           .create = true});
                                return opened.ok() ? std::move(opened).value() : nullptr;
                              }}),
    [](const ::testing::TestParamInfo<Backend>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace samverka::storage
