// SPDX-License-Identifier: Apache-2.0
// Owners for raptor2 objects. Internal to rdf/: included only by its .cc files.
#pragma once

#include <raptor2.h>

#include <memory>

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

}  // namespace samverka::rdf
