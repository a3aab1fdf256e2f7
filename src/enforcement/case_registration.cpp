// A case's registration checked field by field, every error at once (立案登记表 as a form).
#include <algorithm>
#include <array>

#include "core/identifiers.hpp"
#include "enforcement/cases.hpp"

namespace zt::enforcement {
namespace {

constexpr std::array<std::string_view, 5> kSources = {"inspection", "complaint", "referral",
                                                      "report", "other"};

// A phone number as offices write them: digits with an optional leading + and - or spaces
// between groups (0398-2812345, 13912345678), 7 to 15 digits.
bool plausible_phone(std::string_view s) {
  int digits = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char ch = s[i];
    if (ch >= '0' && ch <= '9')
      ++digits;
    else if (!(ch == '-' || ch == ' ' || (ch == '+' && i == 0)))
      return false;
  }
  return digits >= 7 && digits <= 15;
}

}  // namespace

Result<CheckedCase> check_new_case(const NewCase& in, Date today,
                                   const std::string& catalogue_name) {
  FieldErrors errors;
  CheckedCase out;
  if (in.procedure != "general" && in.procedure != "simplified")
    errors.add("procedure", "请选择普通程序或简易程序");
  if (in.field.empty()) errors.add("field", "请填写执法领域");
  out.source = in.source.empty() ? "inspection" : in.source;
  if (std::find(kSources.begin(), kSources.end(), out.source) == kSources.end())
    errors.add("source", "请选择案件来源");
  auto kind = parse_party_kind(in.party_kind);
  if (!kind) errors.add("party_kind", "请选择当事人类型（法人或其他组织、自然人）");
  if (in.party_name.empty()) errors.add("party_name", "请填写当事人名称或姓名");
  if (in.party_id.empty()) {
    errors.add("party_id",
               kind == PartyKind::kIndividual ? "请填写身份证号码" : "请填写统一社会信用代码");
  } else if (kind == PartyKind::kOrganisation) {
    if (auto s = validate_uscc(in.party_id); !s) errors.add("party_id", s.error().message);
  } else if (kind == PartyKind::kIndividual) {
    if (auto r = parse_resident_id(in.party_id, today); !r)
      errors.add("party_id", r.error().message);
  }
  if (!in.party_phone.empty() && !plausible_phone(in.party_phone))
    errors.add("party_phone", "联系电话须为 7 至 15 位数字（可含区号连字符）");
  if (in.violation_code.empty()) errors.add("violation_code", "请从执法事项目录中选择违法行为");
  out.violation_name = in.violation_name.empty() ? catalogue_name : in.violation_name;
  if (in.facts.empty()) errors.add("facts", "请填写案情摘要（违法事实）");
  if (in.act_ended_on.empty()) {
    errors.add("act_ended_on", "请填写违法行为终了日期");
  } else if (auto ended = parse_date(in.act_ended_on); !ended) {
    errors.add("act_ended_on", "违法行为终了日期无效");
  } else if (*ended > today) {
    errors.add("act_ended_on", "违法行为终了日期不能晚于今天");
  }
  if (auto s = errors.status(); !s) return fail(s.error());
  return out;
}

}  // namespace zt::enforcement
