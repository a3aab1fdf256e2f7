// Where the files the repository ships (data/…, web/dist) are, so that the command works from any
// working directory: relative to the working directory first, then to the binary's place in a
// build tree (build/src/app/zhengtong → the repository's root).
#pragma once

#include <string>
#include <string_view>

namespace zt {

// `relative` under the working directory if it exists there, else under the first ancestor of the
// running binary's folder that holds it; `relative` unchanged when neither has it (the caller's
// "cannot open" names it).
std::string shipped_path(std::string_view relative);

}  // namespace zt
