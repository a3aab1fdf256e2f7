// Page furniture (supervision/page_furniture.hpp): running headers and footers found by repeating,
// page numbers in their usual forms, a header glued to a page's first words (as a PDF viewer's
// export once gave 市人力资\f三门峡市人民政府公报2024年第2号源社会保障局), hard wraps joined back,
// and text that is one paragraph a line left as it was.
#include "supervision/page_furniture.hpp"

#include <gtest/gtest.h>

namespace zt::supervision {
namespace {

TEST(PageFurniture, HeadersFootersAndPageNumbersGo) {
  const char* body[] = {"一、工作目标", "二、主要任务", "三、保障措施", "四、其他事项"};
  std::string text;
  for (int page = 1; page <= 4; ++page) {
    if (page > 1) text += "\f";
    text += "三门峡市人民政府公报2024年第2号\n";
    text += std::string(body[page - 1]) + "\n";
    text += page % 2 ? "— " + std::to_string(page + 10) + " —\n"
                     : "第 " + std::to_string(page) + " 页\n";
  }
  EXPECT_EQ(remove_page_furniture(text), "一、工作目标\n二、主要任务\n三、保障措施\n四、其他事项");
  // Footers with the page number inside, whatever its width.
  std::string footed;
  for (int page = 1; page <= 12; ++page) {
    if (page > 1) footed += "\f";
    footed += "正文" + std::to_string(page) + "。\nfile:///gazette.html   " + std::to_string(page) +
              "/12\n";
  }
  auto out = remove_page_furniture(footed);
  EXPECT_EQ(out.find("file:"), std::string::npos) << out;
  EXPECT_NE(out.find("正文12。"), std::string::npos) << out;
}

TEST(PageFurniture, AHeaderGluedToThePagesFirstWordsGoesAndTheNameIsWhole) {
  const std::string header = "三门峡市人民政府公报2024年第2号";
  const std::string text = "（责任单位：市人力资\f" + header + "源社会保障局）\n其他。\f" + header +
                           "\n第三页。\f" + header + "\n第四页。";
  auto out = remove_page_furniture(text);
  EXPECT_NE(out.find("市人力资源社会保障局"), std::string::npos) << out;
  EXPECT_EQ(out.find("公报"), std::string::npos) << out;
}

TEST(PageFurniture, HardWrapsAreJoinedBackIntoParagraphs) {
  // A fixed-width export: paragraphs indented four, continuations two, 20 characters a line.
  const std::string text =
      "    一、工作目标\n"
      "    为加快推进法治政府建设，进一步规范各级行政\n"
      "  执法部门行政执法行为，全面推进严格规范公正\n"
      "  文明执法，结合我市实际，现通知如下：\n"
      "    1. 更好发挥工会、共青团、妇联、科协作用。\n"
      "  （市人力资源社会保障局、市总工会按职责分\n"
      "  工负责）\n"
      "    2. 加强思想政治建设，将法治思想纳入各级行\n"
      "  政执法部门学习的重要内容。\n"
      "    3. 加强业务能力建设，组织开展本地行政执法人\n"
      "  员公共法律知识培训工作，各级行政执法部门要\n"
      "  做好培训。\n";
  auto out = remove_page_furniture(text);
  EXPECT_EQ(
      out,
      "    一、工作目标\n"
      "    为加快推进法治政府建设，进一步规范各级行政执法部门行政执法行为，全面推进严格规范公正"
      "文明执法，结合我市实际，现通知如下：\n"
      "    1. 更好发挥工会、共青团、妇联、科协作用。（市人力资源社会保障局、市总工会按职责分工"
      "负责）\n"
      "    2. 加强思想政治建设，将法治思想纳入各级行政执法部门学习的重要内容。\n"
      "    3. 加强业务能力建设，组织开展本地行政执法人员公共法律知识培训工作，各级行政执法部门要"
      "做好培训。\n");
}

TEST(PageFurniture, TextOneParagraphALineIsLeftAsItWas) {
  const std::string text =
      "\n# 三门峡市人民政府\n\n三政办〔2024〕4号\n"
      "1. 推动项目建设。（市发展改革委牵头负责）\n"
      "2. 做好专项债项目的前期工作，提升项目成熟度、申报成功率，确保资金及早到位、尽快形成"
      "实物工作量。（市财政局、市发展改革委按职责分工负责）\n"
      "3. 高新技术企业达到200家以上。（市科技局负责）\n"
      "12\n"
      "4. 市场主体超过26.5万户。（市市场监管局负责）\n";
  EXPECT_EQ(remove_page_furniture(text), text);  // a bare number inside one page is text
  EXPECT_EQ(remove_page_furniture("a\r\nb\r\n"), "a\nb\n");
  EXPECT_EQ(remove_page_furniture(""), "");
}

}  // namespace
}  // namespace zt::supervision
