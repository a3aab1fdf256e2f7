#include "core/identifiers.hpp"

#include <array>
#include <chrono>
#include <utility>

namespace zt {
namespace {

constexpr std::string_view kUsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

int uscc_value(char c) {
  auto pos = kUsccAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : int(pos);
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

Status validate_uscc(std::string_view code) {
  if (code.size() != 18)
    return fail(
        Error::invalid("统一社会信用代码应为18位，实为" + std::to_string(code.size()) + "位"));
  int sum = 0;
  int weight = 1;  // 3^i mod 31
  for (std::size_t i = 0; i < 17; ++i) {
    int v = uscc_value(code[i]);
    if (v < 0)
      return fail(Error::invalid("统一社会信用代码第" + std::to_string(i + 1) + "位字符'" +
                                 std::string(1, code[i]) + "'不在GB 32100字符集中"));
    sum += v * weight;
    weight = weight * 3 % 31;
  }
  if (!all_digits(code.substr(2, 6)))
    return fail(Error::invalid("统一社会信用代码第3-8位（登记管理机关行政区划码）应为数字"));
  int check = (31 - sum % 31) % 31;
  if (code[17] != kUsccAlphabet[std::size_t(check)])
    return fail(Error::invalid(std::string("统一社会信用代码校验位错误：应为'") +
                               kUsccAlphabet[std::size_t(check)] + "'，实为'" + code[17] + "'"));
  return {};
}

Result<ResidentId> parse_resident_id(std::string_view id, Date today) {
  if (id.size() != 18)
    return fail(Error::invalid("公民身份号码应为18位，实为" + std::to_string(id.size()) + "位"));
  if (!all_digits(id.substr(0, 17))) return fail(Error::invalid("公民身份号码前17位应为数字"));
  auto birth = parse_date(std::string(id.substr(6, 4)) + "-" + std::string(id.substr(10, 2)) + "-" +
                          std::string(id.substr(12, 2)));
  if (!birth) return fail(Error::invalid("公民身份号码中的出生日期无效"));
  if (*birth > today || *birth < Date{std::chrono::year{1880} / 1 / 1})
    return fail(Error::invalid("公民身份号码中的出生日期超出合理范围"));
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    int weight = (1 << (17 - i)) % 11;
    sum += (id[std::size_t(i)] - '0') * weight;
  }
  char expected = "10X98765432"[sum % 11];
  if (id[17] != expected)
    return fail(Error::invalid(std::string("公民身份号码校验码错误：应为'") + expected +
                               "'，实为'" + id[17] + "'"));
  if (auto st = validate_division_code(id.substr(0, 6)); !st) return fail(st.error());
  return ResidentId{std::string(id.substr(0, 6)), *birth, (id[16] - '0') % 2 == 1};
}

std::optional<std::string> division_name(std::string_view code) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kKnown{{
      {"410000", "河南省"},
      {"411200", "三门峡市"},
      {"411202", "湖滨区"},
      {"411203", "陕州区"},
      {"411221", "渑池县"},
      {"411222", "陕县（2015年撤销，设陕州区）"},
      {"411224", "卢氏县"},
      {"411281", "义马市"},
      {"411282", "灵宝市"},
      {"411201", "三门峡市市辖区"},
  }};
  for (const auto& [c, name] : kKnown)
    if (c == code) return std::string(name);
  return std::nullopt;
}

Status validate_division_code(std::string_view code) {
  if (code.size() != 6 || !all_digits(code)) return fail(Error::invalid("行政区划代码应为6位数字"));
  int province = (code[0] - '0') * 10 + (code[1] - '0');
  if (province < 11 || province > 82)
    return fail(Error::invalid("行政区划代码的省级代码无效：" + std::string(code.substr(0, 2))));
  return {};
}

}  // namespace zt
