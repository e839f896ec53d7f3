// SPDX-License-Identifier: Apache-2.0
#include "web/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <mutex>
#include <vector>

namespace samverka::web {

namespace {

void attach(cmark_parser* parser, const char* name) {
  if (cmark_syntax_extension* extension = cmark_find_syntax_extension(name))
    cmark_parser_attach_syntax_extension(parser, extension);
}

// Each image is replaced by a link with the same destination, title and text.
void images_to_links(cmark_node* root) {
  std::vector<cmark_node*> images;
  cmark_iter* iter = cmark_iter_new(root);
  for (cmark_event_type event = cmark_iter_next(iter); event != CMARK_EVENT_DONE;
       event = cmark_iter_next(iter)) {
    cmark_node* node = cmark_iter_get_node(iter);
    if (event == CMARK_EVENT_ENTER && cmark_node_get_type(node) == CMARK_NODE_IMAGE)
      images.push_back(node);
  }
  cmark_iter_free(iter);
  for (cmark_node* image : images) {
    cmark_node* link = cmark_node_new(CMARK_NODE_LINK);
    cmark_node_set_url(link, cmark_node_get_url(image));
    cmark_node_set_title(link, cmark_node_get_title(image));
    while (cmark_node* child = cmark_node_first_child(image)) {
      cmark_node_unlink(child);
      cmark_node_append_child(link, child);
    }
    if (cmark_node_first_child(link) == nullptr) {
      cmark_node* text = cmark_node_new(CMARK_NODE_TEXT);
      cmark_node_set_literal(text, cmark_node_get_url(image));
      cmark_node_append_child(link, text);
    }
    cmark_node_replace(image, link);
    cmark_node_free(image);
  }
}

}  // namespace

std::string markdown_html(std::string_view markdown) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
  const int options = CMARK_OPT_DEFAULT;  // safe: CMARK_OPT_UNSAFE is not set
  cmark_parser* parser = cmark_parser_new(options);
  for (const char* name : {"table", "strikethrough", "autolink"}) attach(parser, name);
  cmark_parser_feed(parser, markdown.data(), markdown.size());
  cmark_node* document = cmark_parser_finish(parser);
  images_to_links(document);
  char* html = cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser));
  std::string out(html);
  std::free(html);
  cmark_node_free(document);
  cmark_parser_free(parser);
  return out;
}

}  // namespace samverka::web
