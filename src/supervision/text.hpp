// Text helpers for Chinese official documents as PDF-to-text exports give them: UTF-8 <-> UTF-32,
// width normalisation, stray-space removal, and character classes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace zt::supervision {

std::u32string to_u32(std::string_view utf8);
std::string to_utf8(std::u32string_view text);

bool is_cjk(char32_t c);
bool is_digit(char32_t c);
// Chinese numerals 一..十 (and 十一..九十九), as in "（十二）". Returns 0 when not one.
int chinese_number(std::u32string_view s);

// Full-width ASCII forms to ASCII for digits, letters, %, . and ~; half-width brackets and
// commas/colons/semicolons next to Chinese text to their full-width forms; 【】[] around years
// to 〔〕; removes spaces that a PDF export puts between Chinese characters and digits.
std::u32string normalise(std::u32string_view line);

std::u32string trim(std::u32string_view s);
bool starts_with(std::u32string_view s, std::u32string_view prefix);
bool ends_with(std::u32string_view s, std::u32string_view suffix);
bool contains(std::u32string_view s, std::u32string_view part);
// Share of `part`'s character bigrams (CJK and digits only) found in `whole`: how much of a
// ledger line a task's text covers, whatever the punctuation and spacing.
double bigram_cover(std::u32string_view part, std::u32string_view whole);

// Splits at `sep` characters that are not inside （）〔〕()[] brackets.
std::vector<std::u32string> split_top_level(std::u32string_view s, std::u32string_view seps);

}  // namespace zt::supervision
