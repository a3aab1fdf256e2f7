// User text in printed documents: markup and quotes come out as text.
#include "core/html.hpp"

#include <gtest/gtest.h>

namespace zt {
namespace {

TEST(Html, EscapesMarkupAndQuotesAndKeepsChinese) {
  EXPECT_EQ(html_escape(R"(<script>alert("x")</script> & 张三)"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 张三");
  EXPECT_EQ(html_escape(""), "");
  EXPECT_EQ(html_escape("三门峡市人民政府"), "三门峡市人民政府");
}

}  // namespace
}  // namespace zt
