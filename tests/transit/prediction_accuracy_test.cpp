// The one definition of a prediction's verdict (Transit App's horizon buckets and windows) that
// the replay and the live accuracy share: bucket edges, window edges, and the summaries.
#include "transit/prediction_accuracy.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace zt::transit {
namespace {

TEST(PredictionAccuracy, BucketsAndWindowsAtTheirEdges) {
  // Horizon = actual − issued; error = actual − predicted.
  struct Case {
    std::int64_t issued, predicted, actual;
    int bucket;
    bool hit;
  };
  for (const auto& c : {Case{0, 100, 100, 0, true},      // 100 s ahead, exact
                        Case{0, 130, 100, 0, true},      // 30 s early: the edge
                        Case{0, 131, 100, 0, false},     // 31 s early
                        Case{0, 90, 179, 0, true},       // 89 s late
                        Case{0, 88, 179, 0, false},      // 91 s late
                        Case{0, 180, 180, 1, true},      // 3 min starts the second bucket
                        Case{0, 200, 350, 1, true},      // 150 s late: the edge
                        Case{0, 199, 350, 1, false},     // 151 s late
                        Case{0, 600, 599, 2, true},      // the third bucket ends before 10 min
                        Case{0, 390, 600, 3, true},      // 210 s late at 10 min: within 270
                        Case{0, 990, 899, 3, false}}) {  // 91 s early at 15 min: past 90
    auto j = judge_prediction(c.issued, c.predicted, c.actual);
    ASSERT_TRUE(j) << c.actual;
    EXPECT_EQ(j->bucket, c.bucket) << c.actual;
    EXPECT_EQ(j->hit, c.hit) << c.predicted << " → " << c.actual;
    EXPECT_EQ(j->error_s, c.actual - c.predicted);
  }
  EXPECT_FALSE(judge_prediction(0, 900, 900));  // 15 min and more: no bucket
  EXPECT_FALSE(judge_prediction(100, 90, 90));  // the bus came before the prediction was made
}

TEST(PredictionAccuracy, ScoreIsTheMeanOfTheBucketsHitRates) {
  auto a = Accuracy::empty();
  EXPECT_EQ(a.predictions(), 0);
  EXPECT_EQ(a.score(), 0);
  a.add(*judge_prediction(0, 60, 60));    // 0-3 hit, error 0
  a.add(*judge_prediction(0, 0, 120));    // 0-3 late by 120: miss
  a.add(*judge_prediction(0, 300, 400));  // 6-10 hit, 100 s late
  EXPECT_EQ(a.predictions(), 3);
  EXPECT_DOUBLE_EQ(a.score(), (0.5 + 1.0) / 2);  // buckets without predictions left out
  EXPECT_DOUBLE_EQ(a.mae(), 220.0 / 3);
  auto b = Accuracy::empty();
  b.add(*judge_prediction(0, 500, 400));  // 6-10, 100 s early: miss
  a.add(b);
  EXPECT_EQ(a.buckets[2].n, 2);
  EXPECT_DOUBLE_EQ(a.buckets[2].signed_error_sum, 0);
  const auto j = a.to_json();
  EXPECT_EQ(j["predictions"], 4);
  EXPECT_EQ(j["buckets"][0]["bucket"], "0-3 分钟");
  EXPECT_DOUBLE_EQ(j["buckets"][0]["bias_seconds"].get<double>(), 60);
  EXPECT_DOUBLE_EQ(j["score"].get<double>(), 0.5);
}

TEST(PredictionAccuracy, ShownIsTheLatestIssuedWithinTwoMinutes) {
  const std::vector<Issued> made{{100, 500}, {160, 520}, {400, 530}};
  EXPECT_FALSE(shown_at(made, 99));     // nothing issued yet
  EXPECT_EQ(shown_at(made, 100), 500);  // issued at the instant itself
  EXPECT_EQ(shown_at(made, 200), 520);  // the latest before
  EXPECT_EQ(shown_at(made, 280), 520);  // 120 s old: still on show
  EXPECT_FALSE(shown_at(made, 281));    // older than that: nothing shown
  EXPECT_EQ(shown_at(made, 1000), std::nullopt);
  EXPECT_FALSE(shown_at(std::span<const Issued>{}, 0));
}

TEST(PredictionAccuracy, AnArrivalIsJudgedAtEveryInstantAndAMissingPredictionIsAMiss) {
  // An arrival at 10:00:00 (36000): instants every 30 s of the clock in the 15 minutes before,
  // 35130 … 36000 (30 of them); the bus was predicted right only from 35700 on.
  auto a = Accuracy::empty();
  judge_arrival(a, 36000, [](std::int64_t t) -> std::optional<std::int64_t> {
    if (t < 35700) return std::nullopt;
    return 36000;
  });
  EXPECT_EQ(a.predictions(), 30);
  EXPECT_EQ(a.buckets[0].n, 6);  // horizons 0, 30 … 150
  EXPECT_EQ(a.buckets[0].hits, 6);
  EXPECT_EQ(a.buckets[1].n, 6);  // 180 … 330: 35700 is 300 s before, so 180 … 300 were shown
  EXPECT_EQ(a.buckets[1].hits, 5);
  EXPECT_EQ(a.buckets[1].missing, 1);
  EXPECT_EQ(a.buckets[3].missing, a.buckets[3].n);  // 10-15 min: never shown
  EXPECT_DOUBLE_EQ(a.mae(), 0);                     // misses without a prediction carry no error
  EXPECT_EQ(a.to_json()["buckets"][3]["missing"], a.buckets[3].n);
  // Instants before a recording starts are not judged.
  auto b = Accuracy::empty();
  judge_arrival(
      b, 36000, [](std::int64_t) { return std::optional<std::int64_t>(36000); }, 35900);
  EXPECT_EQ(b.predictions(), 4);  // 35910 … 36000
}

TEST(PredictionAccuracy, RidersAreShownABusEarlierTheFurtherItIs) {
  EXPECT_EQ(shown_arrival(1000, 1000), 1000);  // here now
  EXPECT_EQ(shown_arrival(900, 1000), 1000);   // never in the past
  EXPECT_EQ(shown_arrival(1090, 1000), 1060);  // 0-3 min: 30 s (half of 90 − 30)
  EXPECT_EQ(shown_arrival(1750, 1000), 1660);  // 10-15 min: 90 s
  EXPECT_EQ(shown_arrival(5000, 1000), 4910);  // beyond: as at 10-15 min
  // Monotone: a later expected arrival is never shown earlier.
  for (std::int64_t e = 1000; e < 2000; ++e)
    EXPECT_LE(shown_arrival(e, 1000), shown_arrival(e + 1, 1000)) << e;
}

}  // namespace
}  // namespace zt::transit
