// Masks personal data before publication (国办发〔2018〕118号; PIPL): resident ID numbers keep
// their first 6 and last 4 characters, mobile numbers their first 3 and last 4, a person's name
// keeps the surname ("张某某"), and a natural person's address keeps its district ("湖滨区****").
// Organisations' names and credit codes stay as they are.
//
// Names and addresses are matched whatever whitespace is typed between their characters (ASCII
// blanks, no-break, full-width and zero-width spaces), so "张 三 丰" in a decision is the party
// 张三丰 and is masked like him.
#pragma once

#include <string>
#include <string_view>

namespace zt::enforcement {

std::string mask_id_number(std::string_view id);
std::string mask_phone(std::string_view phone);
// The surname (the first character that is not whitespace) and 某某; "" for a blank name.
std::string mask_person_name(std::string_view name);
// The address up to its county-level part (区, 县, 旗, or else 市) and "****"; "****" when it
// has none.
std::string mask_address(std::string_view address);
// Masks every 18-character ID number and 11-digit mobile number in free text (also when typed
// in groups split by blanks or hyphens); each occurrence
// of `person` (an individual party's name) and of `address` (their address) when given; and,
// when `person` is given, whatever follows an address marker (住址, 住所, 家住, 现住, 户籍地,
// 居住地) up to the next punctuation.
std::string mask_text(std::string_view text, std::string_view person = {},
                      std::string_view address = {});

// The byte length of the whitespace character at text[i] (ASCII blanks, U+00A0, U+1680,
// U+2000–U+200D, U+2028/9, U+202F, U+205F, U+2060, U+3000, U+FEFF); 0 when it is not one.
std::size_t whitespace_at(std::string_view text, std::size_t i);
// `s` without any whitespace character.
std::string strip_whitespace(std::string_view s);

}  // namespace zt::enforcement
