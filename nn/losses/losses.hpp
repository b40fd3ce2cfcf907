#pragma once
/// \file
/// \brief Convenience header: every loss of the library.

#include <nn/losses/binary_cross_entropy.hpp>
#include <nn/losses/cross_entropy.hpp>
#include <nn/losses/loss.hpp>
#include <nn/losses/mae.hpp>
#include <nn/losses/mse.hpp>
#include <nn/losses/reduction.hpp>
