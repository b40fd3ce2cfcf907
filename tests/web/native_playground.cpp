// The playground's C functions (docs/playground/src/api.cpp) compiled natively, against libnn.a on
// OpenBLAS: for each line "STEPS QUERY" of stdin, builds the setup, trains STEPS steps and prints
// pg_state's JSON (or {"error": ...}). tests/web/playground_test.py runs the same lines in the
// page's WebAssembly module and compares the two.
#include <iostream>
#include <sstream>
#include <string>

extern "C" {
int pg_create(const char* query);
const char* pg_error();
int pg_train(int n);
const char* pg_state();
}

int main() {
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream in(line);
    int steps = 0;
    std::string query;
    in >> steps >> query;
    if (pg_create(query.c_str()) || pg_train(steps)) {
      std::string e = pg_error();
      for (char& c : e)
        if (c == '"' || c == '\\') c = '\'';
      std::cout << "{\"error\":\"" << e << "\"}\n";
    } else {
      std::cout << pg_state() << "\n";
    }
  }
}
