// zhengtong gazette parse|import
#include <cstdio>
#include <fstream>

#include "app/cli.hpp"
#include "core/digest.hpp"
#include "supervision/gazette.hpp"

namespace zt::cli {
namespace {

// A notice file's text: plain UTF-8 or a .docx.
Result<std::string> read_notice(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Error::invalid(path + "：无法打开文件", "file"));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return supervision::notice_text(std::move(bytes), path);
}

void print_unplaced(const std::string& path, const supervision::Gazette& g) {
  for (const auto& u : g.unplaced)
    std::fprintf(stderr, "%s:%d: 未能归类（%s）：%s\n", path.c_str(), u.line, u.reason.c_str(),
                 u.text.c_str());
}

// Prints the parse as JSON on stdout; what could not be placed goes to stderr with its line.
int parse_file(const std::string& path) {
  auto text = read_notice(path);
  if (!text) return report(text.error());
  auto g = supervision::parse_gazette(*text);
  if (!g) return report(Error::invalid(path + "：" + g.error().message));
  std::printf("%s\n", supervision::to_json(*g).dump(2).c_str());
  print_unplaced(path, *g);
  return 0;
}

int import_file(Env& env, const std::string& path, bool create_units) {
  auto app = env.app();
  if (!app) return report(app.error());
  auto text = read_notice(path);
  if (!text) return report(text.error());
  auto g = supervision::parse_gazette(*text);
  if (!g) return report(Error::invalid(path + "：" + g.error().message));
  supervision::ImportOptions options;
  options.create_missing_units = create_units;
  auto r = (*app)->ledger().import(*g, sha256_hex(*text), options, env.actor());
  if (!r) return report(r.error());
  std::printf("%s\n", r->to_json().dump(2).c_str());
  print_unplaced(path, *g);
  return 0;
}

}  // namespace

void add_gazette_commands(CLI::App& cli, Commands& out) {
  struct Options {
    std::string file;
    bool create_units = false;
  };
  auto o = std::make_shared<Options>();
  auto* gazette = cli.add_subcommand("gazette", "政府公报与通知");
  gazette->require_subcommand(1);
  auto* parse = gazette->add_subcommand(
      "parse", "解析公报或通知（UTF-8 文本），输出目标、任务、台账、时限承诺和量化指标的 JSON");
  parse->add_option("file", o->file, "公报文本文件")->required()->check(CLI::ExistingFile);
  out.on(parse, [o](Env&) { return parse_file(o->file); });
  auto* import = gazette->add_subcommand(
      "import", "导入公报或通知：通知、目标、任务、台账、时限承诺、量化指标；重复导入不会重复创建");
  import->add_option("file", o->file, "公报文本文件")->required()->check(CLI::ExistingFile);
  import->add_flag("--create-units", o->create_units, "为别名表中找不到的单位新建单位");
  out.on(import, [o](Env& env) { return import_file(env, o->file, o->create_units); });
}

}  // namespace zt::cli
