// The routes of dispatch text messages (messages_api.cpp), added by the transit module.
#pragma once

#include "core/http.hpp"
#include "core/store.hpp"
#include "transit/jt808/gateway.hpp"

namespace zt::transit::jt808 {

// `store` and `gateway` outlive the router's use.
void register_message_routes(http::Router& router, Store& store, Gateway& gateway);

}  // namespace zt::transit::jt808
