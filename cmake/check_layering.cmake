# SPDX-License-Identifier: Apache-2.0
# Checks the dependency rule on includes, which one include root cannot enforce by itself:
#   core <- storage, search, rdf, net <- accounts, jobs <- domain services <- domain http, http,
#   web <- app. (jobs sits beside the domains: who may see a job depends on accounts.)
# Run as part of every build: cmake -DSOURCE_DIR=<src> -P check_layering.cmake
# A file may include its own folder's headers and those of the layers below it only.
set(LOWER "core/")
set(INFRASTRUCTURE "storage/;search/;rdf/;net/")
set(TRANSPORT "http/;web/;boost/beast;boost/asio;mustache")
set(violations "")

file(GLOB_RECURSE sources RELATIVE ${SOURCE_DIR} ${SOURCE_DIR}/*.cc ${SOURCE_DIR}/*.h)
foreach(source ${sources})
  if(source MATCHES "^app/" OR source STREQUAL "main.cc")
    continue()  # the composition root may include everything
  endif()
  string(REGEX MATCH "^[^/]+/" layer "${source}")
  # Which include prefixes this file must not use.
  set(forbidden "")
  if(layer STREQUAL "core/")
    set(forbidden ${INFRASTRUCTURE} ${TRANSPORT} "accounts/;organization/;catalog/;ckan/")
  elseif(layer MATCHES "^(storage|search|rdf|net)/$")
    set(forbidden ${TRANSPORT} "accounts/;organization/;catalog/;ckan/")
  elseif(layer MATCHES "^(http|web)/$")
    set(forbidden "accounts/;organization/;catalog/;ckan/")
  elseif(NOT source MATCHES "(_api|_pages)\\.(cc|h)$" AND NOT layer STREQUAL "ckan/")
    # A domain's model, rules, service and store: no transport.
    set(forbidden ${TRANSPORT})
  endif()
  if(NOT forbidden)
    continue()
  endif()
  file(STRINGS ${SOURCE_DIR}/${source} includes REGEX "^#include [\"<]")
  foreach(line ${includes})
    string(REGEX REPLACE "^#include [\"<]([^\">]+)[\">].*" "\\1" included "${line}")
    foreach(prefix ${forbidden})
      string(FIND "${included}" "${prefix}" position)
      if(position EQUAL 0)
        string(APPEND violations "  ${source} includes ${included}\n")
      endif()
    endforeach()
  endforeach()
endforeach()

if(violations)
  message(FATAL_ERROR "includes that break the dependency rule (docs/architecture.md):\n${violations}")
endif()
