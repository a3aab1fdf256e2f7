// The act table (src/enforcement/acts.cpp) against the state list: every state has a name that
// round-trips and a label, every act starts from and leads to listed states, every state is
// reached from registration and every act can run; and every act of the table is taken
// successfully by some scenario file, so none is a dead entry.
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "enforcement/acts.hpp"
#include "enforcement/rules.hpp"

namespace zt::enforcement {
namespace {

namespace fs = std::filesystem;

TEST(CaseStates, NamesRoundTripAndLabelsAreDistinct) {
  std::set<std::string_view> names, labels;
  for (auto s : kCaseStates) {
    EXPECT_EQ(parse_case_state(state_name(s)), s) << state_name(s);
    EXPECT_FALSE(state_label(s).empty()) << state_name(s);
    names.insert(state_name(s));
    labels.insert(state_label(s));
  }
  EXPECT_EQ(names.size(), std::size(kCaseStates));
  EXPECT_EQ(labels.size(), std::size(kCaseStates));
  EXPECT_FALSE(parse_case_state("paid"));
}

TEST(ActTable, EntriesAreComplete) {
  std::set<std::string_view> names, labels;
  for (const auto& a : acts()) {
    SCOPED_TRACE(std::string(a.name));
    names.insert(a.name);
    labels.insert(a.label);
    EXPECT_EQ(find_act(a.name), &a);
    EXPECT_FALSE(a.from.empty());
    EXPECT_NE(a.handler, nullptr);
    EXPECT_EQ(a.permission == Permission::kAuthenticated, a.roles_refusal.empty());
    EXPECT_EQ(a.procedure.empty(), a.procedure_refusal.empty());
    if (!a.procedure.empty()) {
      EXPECT_TRUE(a.procedure == "general" || a.procedure == "simplified");
    }
    std::set<std::string_view> fields;
    bool has_penalty = false;
    for (const auto& f : a.fields) {
      SCOPED_TRACE(std::string(f.name));
      EXPECT_TRUE(fields.insert(f.name).second) << "field listed twice";
      EXPECT_FALSE(f.label.empty());
      EXPECT_NE(f.name, "officers") << "officers come with two_officers, not as a field";
      EXPECT_EQ(f.type == FieldType::kChoice, !f.choices.empty());
      if (!f.fallback.empty()) {
        EXPECT_TRUE(std::any_of(f.choices.begin(), f.choices.end(),
                                [&](const Choice& c) { return c.value == f.fallback; }));
      }
      if (f.need == Need::kWithFine) {
        EXPECT_TRUE(has_penalty) << "the penalty field comes first";
      }
      has_penalty = has_penalty || f.type == FieldType::kPenalty;
    }
    for (const auto* checks : {&a.preconditions, &a.checks})
      for (const auto& c : *checks) {
        EXPECT_FALSE(c.rule.empty());
        EXPECT_NE(c.check, nullptr);
      }
  }
  EXPECT_EQ(names.size(), acts().size());
  EXPECT_EQ(labels.size(), acts().size());
  EXPECT_EQ(find_act("pay"), nullptr);
}

// Walks the table as a graph from registration: an act runs from any state it lists and leads to
// each of its to-states (or stays).
TEST(ActTable, EveryStateIsReachedAndEveryActCanRun) {
  std::set<CaseState> reached = {CaseState::kRegistered};
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& a : acts())
      for (auto from : a.from)
        if (reached.count(from))
          for (auto to : a.to) grew = reached.insert(to).second || grew;
  }
  for (auto s : kCaseStates) {
    EXPECT_TRUE(reached.count(s)) << state_name(s) << " is not reached from registered";
    bool offers = std::any_of(acts().begin(), acts().end(), [&](const Act& a) {
      return std::find(a.from.begin(), a.from.end(), s) != a.from.end();
    });
    EXPECT_TRUE(offers) << "no act starts from " << state_name(s);
  }
  for (const auto& a : acts())
    for (auto to : a.to) EXPECT_NE(to, CaseState::kRegistered) << a.name << " leads back";
}

TEST(ActTable, EveryActIsTakenInSomeScenario) {
  std::set<std::string> taken;
  for (const auto& entry :
       fs::directory_iterator(std::string(ZT_SOURCE_DIR) + "/tests/enforcement/scenarios")) {
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);) {
      std::istringstream words(line);
      std::string verb, user, action;
      words >> verb >> user >> action;
      if (verb == "as" && line.size() >= 5 && line.compare(line.size() - 5, 5, "=> ok") == 0)
        taken.insert(action);
    }
  }
  for (const auto& a : acts())
    EXPECT_TRUE(taken.count(std::string(a.name))) << a.name << " is never taken successfully";
}

// A refusal shows its rule by name and article (the case page reads the glossary from /acts):
// every rule an act checks and every rule a scenario is refused under has an entry.
TEST(RuleGlossary, NamesEveryRuleARefusalCanCarry) {
  std::set<std::string> known;
  for (const auto& r : rule_glossary()) {
    EXPECT_TRUE(known.insert(std::string(r.code)).second) << r.code << " twice";
    EXPECT_FALSE(r.name.empty()) << r.code;
    EXPECT_FALSE(r.basis.empty()) << r.code;
  }
  for (const auto& a : acts())
    for (const auto* checks : {&a.preconditions, &a.checks})
      for (const auto& c : *checks) EXPECT_TRUE(known.count(std::string(c.rule))) << c.rule;
  for (const auto& entry :
       fs::directory_iterator(std::string(ZT_SOURCE_DIR) + "/tests/enforcement/scenarios")) {
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);) {
      auto at = line.find("=> refused ");
      if (at == std::string::npos) continue;
      std::istringstream rest(line.substr(at + 11));
      std::string rule;
      rest >> rule;
      EXPECT_TRUE(known.count(rule)) << entry.path().filename() << ": " << rule;
    }
  }
}

}  // namespace
}  // namespace zt::enforcement
