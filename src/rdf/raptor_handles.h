// SPDX-License-Identifier: Apache-2.0
// Owners for raptor2 objects. Internal to rdf/: included only by its .cc files.
#pragma once

#include <raptor2.h>

#include <memory>
#include <mutex>
#include <vector>

namespace samverka::rdf {

struct WorldDeleter {
  void operator()(raptor_world* world) const { raptor_free_world(world); }
};
struct ParserDeleter {
  void operator()(raptor_parser* parser) const { raptor_free_parser(parser); }
};
struct SerializerDeleter {
  void operator()(raptor_serializer* serializer) const { raptor_free_serializer(serializer); }
};
struct UriDeleter {
  void operator()(raptor_uri* uri) const { raptor_free_uri(uri); }
};
using WorldPtr = std::unique_ptr<raptor_world, WorldDeleter>;
using UriPtr = std::unique_ptr<raptor_uri, UriDeleter>;

// A raptor2 world lent from a process-wide pool. raptor2 ends every world it frees with
// libxml2's xmlCleanupParser(), which frees libxml2's globals under any other thread parsing
// at that moment: two RDF/XML imports or exports at once ended in a double free. So worlds are
// never freed while the process runs: each use borrows one (a world is used by one thread at a
// time) and gives it back. Parsers, serializers and URIs made from it must be declared after it
// (freed first).
class Raptor {
 public:
  Raptor() {
    std::lock_guard lock(pool().mutex);
    if (!pool().free.empty()) {
      world_ = pool().free.back();
      pool().free.pop_back();
    } else {
      world_ = raptor_new_world();  // opened here, under the lock: libxml2 starts once
      if (world_ != nullptr && raptor_world_open(world_) != 0) world_ = nullptr;
    }
  }
  ~Raptor() {
    if (world_ == nullptr) return;
    raptor_world_set_log_handler(world_, nullptr, nullptr);
    std::lock_guard lock(pool().mutex);
    pool().free.push_back(world_);
  }
  Raptor(const Raptor&) = delete;
  Raptor& operator=(const Raptor&) = delete;
  raptor_world* get() const { return world_; }
  explicit operator bool() const { return world_ != nullptr; }

 private:
  struct Pool {
    std::mutex mutex;
    std::vector<raptor_world*> free;
  };
  // Never destroyed: the worlds stay reachable (not leaks) and are never freed.
  static Pool& pool() {
    static Pool* process_wide = new Pool;
    return *process_wide;
  }
  raptor_world* world_ = nullptr;
};

}  // namespace samverka::rdf
