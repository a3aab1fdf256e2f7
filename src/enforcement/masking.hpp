// Masks personal data before publication (国办发〔2018〕118号; PIPL): resident ID numbers keep
// their first 6 and last 4 characters, mobile numbers their first 3 and last 4, and a person's
// name keeps the surname ("张某某"). Organisations' names and credit codes stay as they are.
#pragma once

#include <string>
#include <string_view>

namespace zt::enforcement {

std::string mask_id_number(std::string_view id);
std::string mask_phone(std::string_view phone);
std::string mask_person_name(std::string_view name);
// Masks every 18-character ID number and 11-digit mobile number in free text, and each
// occurrence of `person` (an individual party's name) when given.
std::string mask_text(std::string_view text, std::string_view person = {});

}  // namespace zt::enforcement
