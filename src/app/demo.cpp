// Demo data: Sanmenxia's organisation as the gazette names it (full names with the short forms
// the notices use), and one user for each role.
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "core/digest.hpp"
#include "supervision/gazette.hpp"

#include "app/app.hpp"

namespace zt {
namespace {

struct DemoUnit {
  const char* name;
  UnitKind kind;
  const char* parent;  // nullptr: root
  const char* division;
  std::vector<std::string> aliases;
};

const std::vector<DemoUnit>& demo_units() {
  using K = UnitKind;
  static const std::vector<DemoUnit> kUnits = {
      {"三门峡市人民政府", K::kGovernmentOffice, nullptr, "411200", {"市政府", "市人民政府"}},
      {"三门峡市人民政府办公室",
       K::kGovernmentOffice,
       "三门峡市人民政府",
       "411200",
       {"市政府办公室", "市人民政府办公室"}},
      {"三门峡市发展和改革委员会",
       K::kDepartment,
       "三门峡市人民政府",
       "",
       {"市发展改革委", "市发展和改革委员会"}},
      {"三门峡市科学技术局", K::kDepartment, "三门峡市人民政府", "", {"市科技局"}},
      {"三门峡市工业和信息化局",
       K::kDepartment,
       "三门峡市人民政府",
       "",
       {"市工业和信息化局", "市工信局"}},
      {"三门峡市商务局", K::kDepartment, "三门峡市人民政府", "", {"市商务局"}},
      {"三门峡市财政局", K::kDepartment, "三门峡市人民政府", "", {"市财政局"}},
      {"三门峡市人力资源和社会保障局",
       K::kDepartment,
       "三门峡市人民政府",
       "",
       {"市人力资源社会保障局", "市人力资源和社会保障局", "市人社局"}},
      {"三门峡市农业农村局", K::kDepartment, "三门峡市人民政府", "", {"市农业农村局"}},
      {"三门峡市市场监督管理局",
       K::kDepartment,
       "三门峡市人民政府",
       "",
       {"市市场监管局", "市市场监督管理局"}},
      {"三门峡市住房和城乡建设局",
       K::kDepartment,
       "三门峡市人民政府",
       "",
       {"市住房城乡建设局", "市住房和城乡建设局"}},
      {"三门峡市文化广电和旅游局", K::kDepartment, "三门峡市人民政府", "", {"市文化广电旅游局"}},
      {"三门峡市体育局", K::kDepartment, "三门峡市人民政府", "", {"市体育局"}},
      {"三门峡市卫生健康委员会", K::kDepartment, "三门峡市人民政府", "", {"市卫生健康委"}},
      {"三门峡市城市管理局", K::kDepartment, "三门峡市人民政府", "", {"市城管局", "市城市管理局"}},
      {"三门峡市金融工作局", K::kDepartment, "三门峡市人民政府", "", {"市金融局"}},
      {"三门峡市自然资源和规划局", K::kDepartment, "三门峡市人民政府", "", {"市自然资源规划局"}},
      {"三门峡市交通运输局", K::kDepartment, "三门峡市人民政府", "", {"市交通运输局", "市交通局"}},
      {"三门峡市司法局", K::kDepartment, "三门峡市人民政府", "", {"市司法局"}},
      {"三门峡市政务服务和大数据管理局",
       K::kDepartment,
       "三门峡市人民政府",
       "",
       {"市政务和大数据局"}},
      {"三门峡市生态环境局", K::kDepartment, "三门峡市人民政府", "", {"市生态环境局"}},
      {"三门峡市水利局", K::kDepartment, "三门峡市人民政府", "", {"市水利局"}},
      {"三门峡市林业局", K::kDepartment, "三门峡市人民政府", "", {"市林业局"}},
      {"三门峡市应急管理局", K::kDepartment, "三门峡市人民政府", "", {"市应急局", "市应急管理局"}},
      {"三门峡市公安局", K::kDepartment, "三门峡市人民政府", "", {"市公安局"}},
      {"三门峡市教育局", K::kDepartment, "三门峡市人民政府", "", {"市教育局"}},
      {"三门峡市民政局", K::kDepartment, "三门峡市人民政府", "", {"市民政局"}},
      {"三门峡市统计局", K::kDepartment, "三门峡市人民政府", "", {"市统计局"}},
      {"三门峡市医疗保障局", K::kDepartment, "三门峡市人民政府", "", {"市医保局"}},
      {"三门峡市人民政府国有资产监督管理委员会",
       K::kDepartment,
       "三门峡市人民政府",
       "",
       {"市政府国资委"}},
      {"三门峡市乡村振兴局", K::kDepartment, "三门峡市人民政府", "", {"市乡村振兴局"}},
      {"三门峡市退役军人事务局", K::kDepartment, "三门峡市人民政府", "", {"市退役军人局"}},
      {"三门峡市国防动员办公室", K::kDepartment, "三门峡市人民政府", "", {"市国动办"}},
      {"三门峡市信访局", K::kDepartment, "三门峡市人民政府", "", {"市信访局"}},
      {"三门峡市公路事业发展中心", K::kDepartment, "三门峡市人民政府", "", {"市公路事业发展中心"}},
      {"湖滨区人民政府", K::kCountyGovernment, "三门峡市人民政府", "411202", {"湖滨区政府"}},
      {"陕州区人民政府", K::kCountyGovernment, "三门峡市人民政府", "411203", {"陕州区政府"}},
      {"渑池县人民政府", K::kCountyGovernment, "三门峡市人民政府", "411221", {"渑池县政府"}},
      {"卢氏县人民政府", K::kCountyGovernment, "三门峡市人民政府", "411224", {"卢氏县政府"}},
      {"义马市人民政府", K::kCountyGovernment, "三门峡市人民政府", "411281", {"义马市政府"}},
      {"灵宝市人民政府", K::kCountyGovernment, "三门峡市人民政府", "411282", {"灵宝市政府"}},
      {"三门峡市城乡一体化示范区管理委员会",
       K::kCountyGovernment,
       "三门峡市人民政府",
       "",
       {"城乡一体化示范区管委会"}},
      {"三门峡经济技术开发区管理委员会",
       K::kCountyGovernment,
       "三门峡市人民政府",
       "",
       {"经济开发区管委会", "经济技术开发区管委会"}},
      {"三门峡市现代服务业开发区管理委员会",
       K::kCountyGovernment,
       "三门峡市人民政府",
       "",
       {"现代服务业开发区管委会"}},
      {"三门峡市公共交通有限公司", K::kCompany, "三门峡市交通运输局", "", {"市公交公司"}},
      {"三门峡市铁路建设投资有限公司",
       K::kCompany,
       "三门峡市人民政府",
       "",
       {"市铁建公司", "铁建公司"}},
      {"三门峡市城市建设投资集团有限公司",
       K::kCompany,
       "三门峡市人民政府",
       "",
       {"城建集团", "市城建集团"}},
      {"三门峡市文化旅游投资集团有限公司",
       K::kCompany,
       "三门峡市人民政府",
       "",
       {"文旅集团", "市文旅集团"}},
      {"三门峡市酒店集团", K::kCompany, "三门峡市人民政府", "", {"市酒店集团"}},
      {"国家金融监督管理总局三门峡监管分局", K::kOther, nullptr, "", {"三门峡金融监管分局"}},
      {"中国人民银行三门峡市分行", K::kOther, nullptr, "", {"人行三门峡市分行"}},
      {"三门峡海关", K::kOther, nullptr, "", {}},
      {"三门峡黄河河务局", K::kOther, nullptr, "", {"黄河河务局"}},
  };
  return kUnits;
}

struct DemoUser {
  const char* username;
  const char* name;
  const char* unit;
  std::vector<Role> roles;
  const char* certificate_field;  // nullptr: none
};

}  // namespace

Result<std::string> load_demo(App& app, const std::string& gazette_path) {
  const std::string password = "Zhengtong@2024";
  Actor system{std::nullopt, "demo", std::nullopt, "demo"};
  for (const auto& du : demo_units()) {
    auto existing = app.org().resolve_unit(du.name);
    if (!existing) return fail(existing.error());
    if (*existing) continue;
    NewUnit nu;
    nu.name = du.name;
    nu.kind = du.kind;
    nu.division_code = du.division;
    nu.aliases = du.aliases;
    if (du.parent) {
      auto p = app.org().resolve_unit(du.parent);
      if (!p) return fail(p.error());
      if (*p) nu.parent = **p;
    }
    if (auto u = app.org().add_unit(nu, system); !u) return fail(u.error());
  }
  const std::vector<DemoUser> users = {
      {"admin", "系统管理员", "三门峡市人民政府办公室", {Role::kAdmin}, nullptr},
      {"ducha", "王督查", "三门峡市人民政府办公室", {Role::kOffice}, nullptr},
      {"fgw_tb", "李填报", "三门峡市发展和改革委员会", {Role::kUnitReporter}, nullptr},
      {"fgw_ld", "赵主任", "三门峡市发展和改革委员会", {Role::kUnitLeader}, nullptr},
      {"gxj_tb", "陈填报", "三门峡市工业和信息化局", {Role::kUnitReporter}, nullptr},
      {"scjg_zf1", "张执法", "三门峡市市场监督管理局", {Role::kEnforcementOfficer}, "市场监管"},
      {"scjg_zf2", "刘执法", "三门峡市市场监督管理局", {Role::kEnforcementOfficer}, "市场监管"},
      {"scjg_fz", "孙法制", "三门峡市市场监督管理局", {Role::kLegalReviewer}, "法律职业资格"},
      {"scjg_zf3", "钱执法", "三门峡市市场监督管理局", {Role::kEnforcementOfficer}, "市场监管"},
      {"sfj_jd", "周监督", "三门峡市司法局", {Role::kJusticeSupervisor}, nullptr},
      {"gj_dd", "吴调度", "三门峡市公共交通有限公司", {Role::kDispatcher}, nullptr},
      {"jt_gh", "郑规划", "三门峡市交通运输局", {Role::kPlanner}, nullptr},
      // A responsible leader (责任领导) of the seed's ledger, linked below after the import.
      {"ld_wzw", "万战伟", "三门峡市人民政府", {Role::kUnitLeader}, nullptr},
  };
  int cert_no = 1;
  for (const auto& du : users) {
    auto existing = app.org().find_user(du.username);
    if (!existing) return fail(existing.error());
    if (*existing) continue;
    auto unit = app.org().resolve_unit(du.unit);
    if (!unit) return fail(unit.error());
    if (!*unit) return fail(Error::internal(std::string("demo unit missing: ") + du.unit));
    auto u = app.org().add_user({du.username, du.name, **unit, du.roles, password}, system);
    if (!u) return fail(u.error());
    if (du.certificate_field) {
      Certificate c;
      c.user = u->id;
      c.number = fmt::format("41120024{:06d}", cert_no++);
      c.field = du.certificate_field;
      c.valid_from = *parse_date("2023-01-01");
      c.valid_to = *parse_date("2027-12-31");
      if (auto r = app.org().add_certificate(c, system); !r) return fail(r.error());
    }
  }
  if (!gazette_path.empty()) {
    std::ifstream in(gazette_path, std::ios::binary);
    if (!in) return fail(Error::invalid("读不到公报文件：" + gazette_path));
    auto text = supervision::notice_text(
        std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()),
        gazette_path);
    if (!text) return fail(text.error());
    auto g = supervision::parse_gazette(*text);
    if (!g) return fail(Error::invalid(gazette_path + "：" + g.error().message));
    supervision::ImportOptions options;
    options.create_missing_units = true;  // the demo city has every unit the notices name
    auto r = app.ledger().import(*g, sha256_hex(*text), options, system);
    if (!r) return fail(r.error());
    // Monthly report slots for the key-work notice of the seed (the last notice with tasks).
    for (const auto& n : g->notices) {
      bool has_tasks = false;
      for (const auto& t : g->tasks) has_tasks |= t.notice == n.doc_no;
      if (!has_tasks || n.issued.size() < 4) continue;
      supervision::ReportingPlan plan;
      plan.year = std::stoi(n.issued.substr(0, 4));
      if (auto p = app.reporting().plan(n.doc_no, plan, system); !p) return fail(p.error());
    }
    // The leader's account sees the tasks of the ledger lines they answer for.
    auto people = app.ledger().people();
    if (!people) return fail(people.error());
    auto leader = app.org().find_user("ld_wzw");
    if (!leader) return fail(leader.error());
    for (const auto& p : *people)
      if (p.name == "万战伟" && !p.user_id && *leader)
        if (auto l = app.ledger().link_person(p.id, (*leader)->id, system); !l)
          return fail(l.error());
  }
  if (!gazette_path.empty()) {
    // The enforcement demo's files sit beside the seed gazette's folder (data/seed → data/demo).
    auto dir = std::filesystem::path(gazette_path).parent_path().parent_path() / "demo";
    if (auto e = load_enforcement_demo(app, dir.string()); !e) return fail(e.error());
  }
  return password;
}

Status load_enforcement_demo(App& app, const std::string& dir) {
  auto reviewer = app.org().find_user("scjg_fz");
  if (!reviewer) return fail(reviewer.error());
  if (!*reviewer) return {};
  const auto& u = **reviewer;
  Principal p{u.id, u.username, u.display_name, u.unit, "", u.roles, "", false};
  auto rules = app.cases().rules_of(u.unit.value);
  if (!rules) return fail(rules.error());
  if (!(*rules)["benchmarks"].empty()) return {};  // loaded before
  const std::string rid = "demo";
  struct Benchmark {
    const char* code;
    const char* name;
    const char* basis;
    double lo, hi;
  };
  for (const auto& b : std::initializer_list<Benchmark>{
           {"SC-01", "销售不符合保障人体健康标准的产品", "《产品质量法》第四十九条", 1000, 50000},
           {"SC-03", "经营超过保质期的食品", "《食品安全法》第一百二十四条", 5000, 100000},
           {"SC-04", "未按规定公示价格", "《价格违法行为行政处罚规定》第十三条", 500, 5000},
           {"SC-11", "占道经营（简易程序）", "《城市市容和环境卫生管理条例》第三十六条", 50,
            200}}) {
    if (auto r = app.cases().add_benchmark(p, b.code, b.name, b.basis, b.lo, b.hi, rid); !r)
      return fail(r.error());
  }
  if (auto r = app.cases().add_catalogue(p, std::string("SC-09"), std::nullopt,
                                         "药品安全重大违法行为", rid);
      !r)
    return fail(r.error());
  if (auto r = app.cases().add_catalogue(p, std::nullopt, 100000.0, "罚款十万元以上", rid); !r)
    return fail(r.error());
  if (auto r =
          app.cases().add_device(p, "SMX-CAM-0001", "湖滨区崤山路与黄河路交叉口", true, true, rid);
      !r)
    return fail(r.error());
  for (const char* which : {"entities", "inspectors"}) {
    auto path = std::filesystem::path(dir) / (std::string(which) + ".csv");
    std::ifstream in(path, std::ios::binary);
    if (!in) continue;  // the directories are optional demo data
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto r =
        std::string_view(which) == "entities"
            ? app.directory().import_entities(p, bytes, path.filename().string(), false, rid)
            : app.directory().import_inspectors(p, bytes, path.filename().string(), false, rid);
    if (!r) return fail(r.error());
  }
  return {};
}

}  // namespace zt
