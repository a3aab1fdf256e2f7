// The ORLIB set-partitioning reader: the shipped CSPLib instances, wrapped columns, and every
// fault named with its line.
#include "transit/scheduling/set_partition.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

namespace zt::transit::scheduling {
namespace {

std::string read(const std::string& name) {
  std::ifstream in(std::string(ZT_DATA_DIR) + "/scheduling/" + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(SetPartition, ReadsTheCsplibInstance) {
  auto sp = parse_set_partition(read("csplib022-t1.txt"));
  ASSERT_TRUE(sp) << sp.error().message;
  EXPECT_EQ(sp->rows, 24);
  EXPECT_EQ(sp->columns.size(), 77u);
  EXPECT_EQ(sp->known, 7);
  EXPECT_EQ(sp->columns[0].rows, (std::vector<int>{11, 18}));
  EXPECT_EQ(sp->columns[76].rows, (std::vector<int>{0, 21}));  // "1 2 21 0", sorted
  EXPECT_EQ(sp->columns[0].cost, 1);
}

TEST(SetPartition, ColumnsMayWrapAndTheKnownSizeIsOptional) {
  auto sp = parse_set_partition("3 2\n2.5 2 0\n 1\r\n4 1 2\n\n");
  ASSERT_TRUE(sp) << sp.error().message;
  EXPECT_FALSE(sp->known);
  EXPECT_EQ(sp->columns[0].cost, 2.5);
  EXPECT_EQ(sp->columns[0].rows, (std::vector<int>{0, 1}));
  EXPECT_EQ(sp->columns[1].rows, (std::vector<int>{2}));
}

void expect_fault(const std::string& text, const std::string& line, const std::string& words) {
  auto sp = parse_set_partition(text);
  ASSERT_FALSE(sp) << text;
  EXPECT_EQ(sp.error().kind, ErrorKind::kInvalidInput);
  EXPECT_EQ(sp.error().field, "set-partition");
  EXPECT_NE(sp.error().message.find("第 " + line + " 行"), std::string::npos) << sp.error().message;
  EXPECT_NE(sp.error().message.find(words), std::string::npos) << sp.error().message;
}

TEST(SetPartition, FaultsNameLineAndWhat) {
  expect_fault("", "1", "缺少行数");
  expect_fault("3 x\n", "1", "列数应为整数");
  expect_fault("0 1\n1 1 0\n", "1", "行数 0");
  expect_fault("3 2 1 9\n1 1 0\n1 1 1\n", "1", "首行只应有");
  expect_fault("3 2 5\n1 1 0\n1 1 1\n", "1", "已知解的列数 5");
  expect_fault("3 2\n1 1 0\n1 1 3\n", "3", "行号 3 超出 0–2");
  expect_fault("3 2\n1 1 0\n1 1 -1\n", "3", "行号 -1");
  expect_fault("3 2\n1 2 0 0\n1 1 1\n", "2", "重复覆盖第 0 行");
  expect_fault("3 2\n1 1 0\n-1 1 1\n", "3", "费用不能为负");
  expect_fault("3 2\n1 1 0\nnan 1 1\n", "3", "费用应为数");
  expect_fault("3 2\n1 1 0\n1 4 1\n", "3", "覆盖的行数 4");
  expect_fault("3 2\n1 1 0\n1 2 1\n", "3", "缺少第 1 列的第 2 个行号");
  expect_fault("3 2\n1 1 0\n1 1 1\n1 1 2\n", "4", "多余内容");
  expect_fault("3 900000\n1 1 0\n", "1", "文件不够长");
  expect_fault("3 2\n1 1 0.5\n", "2", "应为整数");
}

}  // namespace
}  // namespace zt::transit::scheduling
