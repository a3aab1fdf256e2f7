// The enforcement module's HTTP routes, added by enforcement::EnforcementModule.
#pragma once

#include "core/http.hpp"
#include "enforcement/case_files.hpp"
#include "enforcement/cases.hpp"
#include "enforcement/directory.hpp"
#include "enforcement/documents.hpp"
#include "enforcement/draws.hpp"
#include "enforcement/oversight.hpp"
#include "enforcement/publications.hpp"

namespace zt::enforcement {

// What the routes work with; all owned by the module and outliving the router's use.
struct Services {
  Cases& cases;
  Publications& publications;
  Directory& directory;
  Draws& draws;
  Oversight& oversight;
  CaseFiles& files;
  CaseDocuments& documents;
};

// Cases, their documents, the unit's rules and to-do list (api.cpp).
void register_case_routes(http::Router& router, Services s);
// Disclosure, directories, draws and the public pages' data (api_public.cpp).
void register_inspection_routes(http::Router& router, Services s);
// Justice-bureau statistics, case-file review and complaints (api_oversight.cpp).
void register_oversight_routes(http::Router& router, Services s);

}  // namespace zt::enforcement
