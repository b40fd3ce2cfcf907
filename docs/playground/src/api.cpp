// The C functions the page calls (through the WebAssembly module built by cmake/web.sh): one
// playground at a time, numbers handed over in buffers of doubles, everything else as JSON text.
// A function that can fail returns 0 on success and 1 on failure; pg_error() then says why.
#include <cmath>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "playground.hpp"
#include "text.hpp"

#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#define PG_EXPORT extern "C" EMSCRIPTEN_KEEPALIVE
#else
#define PG_EXPORT extern "C"
#endif

namespace {

std::unique_ptr<playground::Playground> g_pg;
std::string g_error, g_text;
std::vector<double> g_buffer;

std::string points_json(const arma::mat& X, const arma::mat& T, const arma::uvec& y, bool labels) {
  std::string xs, vs;
  for (arma::uword i = 0; i < X.n_elem; ++i) xs += (i ? "," : "") + playground::json_number(X(i));
  for (arma::uword n = 0; n < X.n_cols; ++n)
    vs += (n ? "," : "") + (labels ? std::to_string(y(n)) : playground::json_number(T(0, n)));
  return "{\"X\":[" + xs + "],\"v\":[" + vs + "]}";
}

template <class F>
int guarded(F f) {
  try {
    f();
    return 0;
  } catch (const std::exception& e) {
    g_error = e.what();
    return 1;
  }
}

// The grid of the maps: res x res points of the domain, row 0 at the top (largest x2), or res
// points along x for 1-D inputs.
arma::mat grid(int res) {
  const std::vector<double> d = g_pg->domain();
  const auto r = static_cast<arma::uword>(res);
  if (g_pg->inputs() == 1) return arma::linspace<arma::rowvec>(d[0], d[1], r);
  arma::mat X(2, r * r);
  for (arma::uword i = 0; i < r; ++i)
    for (arma::uword j = 0; j < r; ++j) {
      X(0, i * r + j) =
          d[0] + (d[1] - d[0]) * (static_cast<double>(j) + 0.5) / static_cast<double>(r);
      X(1, i * r + j) =
          d[3] - (d[3] - d[2]) * (static_cast<double>(i) + 0.5) / static_cast<double>(r);
    }
  return X;
}

}  // namespace

// Builds the playground of a query string ("seed=1&dataset=moons&..."); 1 if it is not valid.
PG_EXPORT int pg_create(const char* query) {
  return guarded([&] {
    auto pg = std::make_unique<playground::Playground>(query ? query : "");
    g_pg = std::move(pg);
  });
}

// Why the last call that returned 1 failed.
PG_EXPORT const char* pg_error() { return g_error.c_str(); }

// Everything about the setup that does not change while it trains, as JSON: the normalised query,
// the settings (Settings::schema_json), the task, the layer widths, the domain, the points, the
// summary.
PG_EXPORT const char* pg_info() {
  g_text = "null";
  if (!g_pg) return g_text.c_str();
  guarded([] {
    playground::Playground& p = *g_pg;
    const bool labels = p.task() != playground::Task::regression;
    const char* task = p.task() == playground::Task::binary       ? "binary"
                       : p.task() == playground::Task::multiclass ? "multiclass"
                                                                  : "regression";
    std::string widths, domain;
    for (arma::uword w : p.widths()) widths += (widths.empty() ? "" : ",") + std::to_string(w);
    for (double x : p.domain()) domain += (domain.empty() ? "" : ",") + playground::json_number(x);
    static const arma::uvec none;
    g_text = "{\"query\":" + playground::json_string(p.settings().query()) +
             ",\"settings\":" + p.settings().schema_json() + ",\"task\":\"" + task +
             "\",\"classes\":" + std::to_string(p.classes()) + ",\"widths\":[" + widths +
             "],\"domain\":[" + domain + "],\"train\":" +
             points_json(p.train_X(), p.train_T(), labels ? p.train_labels() : none, labels) +
             ",\"test\":" +
             points_json(p.test_X(), p.test_T(), labels ? p.test_labels() : none, labels) +
             ",\"summary\":" + playground::json_string(p.summary()) + "}";
  });
  return g_text.c_str();
}

// Trains n steps; 1 (and the model of the step before) if the loss became NaN or infinite.
PG_EXPORT int pg_train(int n) {
  if (!g_pg) return 1;
  return guarded([&] { g_pg->train(n); });
}

// The current step, epoch, learning rate and metrics (JSON; null for a number that is not finite,
// and every metric null if they cannot be computed).
PG_EXPORT const char* pg_state() {
  g_text = "null";
  if (!g_pg) return g_text.c_str();
  const int failed = guarded([] {
    const playground::Metrics m = g_pg->evaluate();
    using playground::json_number;
    g_text = "{\"step\":" + std::to_string(g_pg->steps()) +
             ",\"epoch\":" + json_number(g_pg->epoch_progress()) +
             ",\"lr\":" + json_number(g_pg->learning_rate()) +
             ",\"train_loss\":" + json_number(m.train_loss) +
             ",\"test_loss\":" + json_number(m.test_loss) +
             ",\"train_acc\":" + json_number(m.train_accuracy) +
             ",\"test_acc\":" + json_number(m.test_accuracy) + "}";
  });
  if (failed)
    g_text = "{\"step\":" + std::to_string(g_pg->steps()) +
             ",\"epoch\":null,\"lr\":null,\"train_loss\":null,"
             "\"test_loss\":null,\"train_acc\":null,\"test_acc\":null,\"error\":" +
             playground::json_string(g_error) + "}";
  return g_text.c_str();
}

// The decision map: the displayed output (pg_info's task: P(class 1), every class's probability,
// or the prediction) at each grid point, grid point after grid point (K values each).
PG_EXPORT double* pg_map(int res) {
  if (!g_pg || res < 2 || res > 512) return nullptr;
  const arma::mat Y = g_pg->display(grid(res));
  g_buffer.assign(Y.begin(), Y.end());
  return g_buffer.data();
}

// Every hidden unit's activation on the grid: layer by layer, unit by unit, res x res values each
// (res values for 1-D inputs).
PG_EXPORT double* pg_neurons(int res) {
  if (!g_pg || res < 2 || res > 128) return nullptr;
  g_buffer.clear();
  for (const arma::mat& A : g_pg->hidden(grid(res))) {
    const arma::mat At = A.t();  // points x units: each unit's values contiguous
    g_buffer.insert(g_buffer.end(), At.begin(), At.end());
  }
  return g_buffer.data();
}

// The weight matrices W of the Dense layers, first to last, each column-major (out x in): the
// weight from unit j of one layer to unit i of the next is W(i, j).
PG_EXPORT double* pg_weights() {
  if (!g_pg) return nullptr;
  g_buffer.clear();
  for (const arma::mat* W : g_pg->weights()) g_buffer.insert(g_buffer.end(), W->begin(), W->end());
  return g_buffer.data();
}

// The chapter-style main.cpp that trains this setup natively for `steps` steps.
PG_EXPORT const char* pg_export_cpp(int steps, int every) {
  g_text.clear();
  if (g_pg) guarded([&] { g_text = g_pg->export_cpp(steps, every < 1 ? 1 : every); });
  return g_text.c_str();
}

// The bytes of nn::save_weights for the current model; their number is pg_weights_file_size().
PG_EXPORT const char* pg_weights_file() {
  g_text.clear();
  if (g_pg) guarded([] { g_text = g_pg->weights_file(); });
  return g_text.data();
}

PG_EXPORT int pg_weights_file_size() { return static_cast<int>(g_text.size()); }
