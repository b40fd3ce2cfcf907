#pragma once
/// \file
/// \brief Convenience header: every activation function of the library.

#include <nn/activations/elu.hpp>
#include <nn/activations/gelu.hpp>
#include <nn/activations/identity.hpp>
#include <nn/activations/relu.hpp>
#include <nn/activations/sigmoid.hpp>
#include <nn/activations/softmax.hpp>
#include <nn/activations/step.hpp>
#include <nn/activations/tanh.hpp>
