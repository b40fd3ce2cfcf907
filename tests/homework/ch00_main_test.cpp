// Graded tests of chapter 00's own exercises (chapters/00_tensors/main.cpp, included here so that
// its functions in the unnamed namespace can be called; its main() is renamed).
#define main chapter00_main
#include "chapters/00_tensors/main.cpp"
#undef main

#include "homework.hpp"

TEST(HwElementCount, ProductOfTheDimensions) {
  HW_TRUE(element_count({2, 3, 4}) == 24, "element_count of shape (2, 3, 4) should be 24");
  HW_TRUE(element_count({784, 100}) == 78400, "element_count of shape (784, 100) should be 78400");
  HW_TRUE(element_count({7}) == 7, "element_count of shape (7) should be 7");
}

TEST(HwElementCount, ScalarAndEmptyShapes) {
  HW_TRUE(element_count({}) == 1,
          "element_count of the scalar's shape () should be 1 (the empty product)");
  HW_TRUE(element_count({5, 0, 3}) == 0, "element_count of shape (5, 0, 3) should be 0");
}

TEST(HwGradientShape, OutputShapeThenInputShape) {
  HW_TRUE(gradient_shape({100, 32}, {784, 32}) == (nn::Shape{100, 32, 784, 32}),
          "gradient_shape(y: (100, 32), x: (784, 32)) should be (100, 32, 784, 32), the output's "
          "axes first");
  HW_TRUE(gradient_shape({3}, {2}) == (nn::Shape{3, 2}),
          "gradient_shape(y: (3), x: (2)) should be (3, 2)");
}

TEST(HwGradientShape, ScalarLossGradientHasTheWeightsShape) {
  HW_TRUE(gradient_shape({}, {100, 784}) == (nn::Shape{100, 784}),
          "gradient_shape(y: () a scalar, x: (100, 784)) should be (100, 784)");
  HW_TRUE(gradient_shape({4, 5}, {}) == (nn::Shape{4, 5}),
          "gradient_shape(y: (4, 5), x: () a scalar) should be (4, 5)");
}
