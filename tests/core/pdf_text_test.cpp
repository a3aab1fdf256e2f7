// PDF text by poppler (core/pdf_text.hpp): a printed notice's pages in order, form feeds between;
// what is not a readable PDF refused with a message, and past the limits kTooLarge.
#include "core/pdf_text.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace zt {
namespace {

std::string fixture() {
  std::ifstream in(std::string(ZT_SOURCE_DIR) + "/tests/supervision/seed-notice-4.pdf",
                   std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(PdfText, APrintedNoticesPagesInOrder) {
  const auto pdf = fixture();
  ASSERT_TRUE(looks_like_pdf(pdf));
  auto text = pdf_text(pdf, "seed-notice-4.pdf");
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(std::count(text->begin(), text->end(), '\f'), 25);  // 26 pages
  const auto number = text->find("三政办〔2024〕4号");
  ASSERT_NE(number, std::string::npos);
  EXPECT_LT(number, text->find("扎实做好第五次经济普查"));  // the first task, the last
}

TEST(PdfText, WhatIsNotAReadablePdfIsRefused) {
  EXPECT_FALSE(looks_like_pdf("三政办〔2024〕4号"));
  auto broken = pdf_text("%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage", "broken.pdf");
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().kind, ErrorKind::kInvalidInput);
  EXPECT_NE(broken.error().message.find("broken.pdf"), std::string::npos);
  const auto pdf = fixture();
  auto cut = pdf_text(pdf.substr(0, pdf.size() / 3), "cut.pdf");  // a download cut short
  if (cut) EXPECT_FALSE(cut->empty());  // poppler may recover the pages it has; never a crash
  PdfLimits small;
  small.max_bytes = 1000;
  auto big = pdf_text(pdf, "big.pdf", small);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().kind, ErrorKind::kTooLarge);
  small = {};
  small.max_pages = 2;
  auto many = pdf_text(pdf, "many.pdf", small);
  ASSERT_FALSE(many);
  EXPECT_EQ(many.error().kind, ErrorKind::kTooLarge);
}

}  // namespace
}  // namespace zt
