#include "kaiten/headoffice/metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace kaiten::headoffice {
namespace {

TEST(Metrics, SeasonalNaiveScale) {
  // Lag 2 for a short example: differences 2, -1, 4 -> MAE 7/3, MSE 21/3.
  const NaiveScale s = seasonal_naive_scale({1, 5, 3, 4, 7}, 2);
  EXPECT_EQ(s.count, 3);
  EXPECT_DOUBLE_EQ(s.mae, 7.0 / 3.0);
  EXPECT_DOUBLE_EQ(s.mse, 21.0 / 3.0);
  const NaiveScale gaps = seasonal_naive_scale({1, std::nan(""), 3, 4}, 2);
  EXPECT_EQ(gaps.count, 1);  // 1 -> 3 only
}

TEST(Metrics, MaseAndRmsseByHand) {
  const NaiveScale scale{2.0, 8.0, 10};
  const std::vector<double> actual{10, 12, 8};
  const std::vector<double> forecast{11, 10, 8};
  // |e| = 1, 2, 0: MAE 1 -> MASE 0.5. e² = 1, 4, 0: MSE 5/3 -> RMSSE sqrt(5/24).
  EXPECT_DOUBLE_EQ(mase(actual, forecast, scale), 0.5);
  EXPECT_DOUBLE_EQ(rmsse(actual, forecast, scale), std::sqrt(5.0 / 24.0));
  // A perfect forecast scores 0; the seasonal naive forecast scores about 1 on its own scale.
  EXPECT_DOUBLE_EQ(rmsse(actual, actual, scale), 0.0);
  EXPECT_TRUE(std::isnan(rmsse(actual, forecast, NaiveScale{})));
  // Pairs with a NaN are left out.
  EXPECT_DOUBLE_EQ(mase({10, std::nan("")}, {11, 3}, scale), 0.5);
}

TEST(Metrics, PinballLoss) {
  EXPECT_DOUBLE_EQ(pinball_loss(10, 8, 0.9), 0.9 * 2);  // under: τ (y - q)
  EXPECT_DOUBLE_EQ(pinball_loss(8, 10, 0.9), 0.1 * 2);  // over: (1 - τ)(q - y)
  EXPECT_DOUBLE_EQ(pinball_loss(5, 5, 0.3), 0.0);
  EXPECT_DOUBLE_EQ(scaled_pinball({10, 8}, {8, 10}, 0.9, NaiveScale{2.0, 4.0, 1}),
                   (1.8 + 0.2) / 2 / 2.0);
}

}  // namespace
}  // namespace kaiten::headoffice
