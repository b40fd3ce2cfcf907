"""Unit tests of the homework tool (cmake/homework): the C++ scanner and stubs, the manifest, the
generator, the leak check and the grader. No build: a stand-in test program (a Python script that
writes GoogleTest's JSON) plays the graded tests. Run: python3 -m unittest discover -s tests/homework/tool
"""
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(REPO, "cmake"))
sys.dont_write_bytecode = True

from homework import cpp, generate, grade, leaks, manifest, starter, tree  # noqa: E402

_REF = None


def reference():
    """The repository's reference tree, loaded once."""
    global _REF
    if _REF is None:
        _REF = generate.load(REPO)
    return _REF


def scan(text, path="nn/x.cpp"):
    return cpp.scan(path, textwrap.dedent(text).lstrip("\n"))


# ------------------------------------------------------------------------------------------------
class Scanner(unittest.TestCase):
    def test_functions_members_operators_and_lambdas(self):
        sf = scan("""
            #include <cmath>

            namespace nn {
            double f(double z) {
              // BEGIN SOLUTION
              return z + 1.0;
              // END SOLUTION
            }
            void Adam::step() {
              for (int i = 0; i < 3; ++i) {
                // BEGIN SOLUTION
                w[i] -= 1;
                // END SOLUTION
              }
            }
            Value operator*(const Value& a, const Value& b) {
              return make_node(1.0, "*", {a.node()}, [](Node& v) {
                // BEGIN SOLUTION
                v.inputs[0]->grad += v.grad;
                // END SOLUTION
              });
            }
            }  // namespace nn
            """)
        self.assertEqual([(r.function, r.kind) for r in sf.regions],
                         [("f", "function"), ("Adam::step", "function"), ("operator*", "lambda")])
        self.assertEqual([r.begin for r in sf.regions], [5, 11, 18])
        self.assertEqual(sf.regions[0].body, ["  return z + 1.0;"])

    def test_bad_markers_are_reported_with_their_line(self):
        cases = {
            "unbalanced braces": "void f() {\n  // BEGIN SOLUTION\n  if (x) {\n  // END SOLUTION\n  }\n}\n",
            "not inside a function body": "namespace nn {\n// BEGIN SOLUTION\nint x = 1;\n// END SOLUTION\n}\n",
            "without a matching": "void f() {\n  // BEGIN SOLUTION\n  x = 1;\n}\n",
            "inside another region": "void f() {\n  // BEGIN SOLUTION\n  // BEGIN SOLUTION\n  x = 1;\n  // END SOLUTION\n}\n",
            "code before": "void f() {\n  x = 0; // BEGIN SOLUTION\n  x = 1;\n  // END SOLUTION\n}\n",
            "is empty": "void f() {\n  // BEGIN SOLUTION\n  // END SOLUTION\n}\n",
            "deduces its return type": "auto f() {\n  // BEGIN SOLUTION\n  return 1;\n  // END SOLUTION\n}\n",
            "without '-> type'": "void f() {\n  g([](int a) {\n    // BEGIN SOLUTION\n    return a;\n    // END SOLUTION\n  });\n}\n",
            "middle of a statement": "void f() {\n  x = 1 +\n  // BEGIN SOLUTION\n  2;\n  // END SOLUTION\n}\n",
        }
        for what, text in cases.items():
            with self.subTest(what):
                with self.assertRaises(cpp.Problem) as e:
                    cpp.scan("nn/bad.cpp", text)
                self.assertIn(what, str(e.exception))
                self.assertRegex(str(e.exception), r"nn/bad\.cpp:\d+: ")

    def test_stub_keeps_the_line_count_and_names_the_exercise(self):
        sf = scan("""
            #include <nn/activations/sigmoid.hpp>

            #include <cmath>

            namespace nn {
            double sigmoid(double z) {
              // BEGIN SOLUTION
              return 1.0 / (1.0 + std::exp(-z));  // 1 / (1 + e^-z)
              // END SOLUTION
            }
            }
            """)
        text, kept, stubs = cpp.rewrite(sf, lambda r: cpp.Action("stub", "sigmoid"))
        lines = text.rstrip("\n").split("\n")
        self.assertEqual(len(lines), len(sf.lines))
        self.assertEqual(lines[1], "#include <nn/core/errors.hpp>")   # took the blank line
        self.assertIn('throw ::nn::NotImplemented("sigmoid -- sigmoid (nn/x.cpp:8)");', lines[7])
        self.assertEqual(stubs, [("sigmoid", 8, "sigmoid -- sigmoid (nn/x.cpp:8)")])
        self.assertNotIn("exp", text)
        self.assertEqual(kept, [])
        hinted, _, _ = cpp.rewrite(sf, lambda r: cpp.Action("stub", "sigmoid"), hints=True)
        self.assertIn("// 1 / (1 + e^-z)", hinted)

    def test_without_a_blank_line_the_stub_gives_a_line_back(self):
        sf = scan("""
            #include <cmath>
            namespace nn {
            double f(double z) {
              // BEGIN SOLUTION
              const double a = z;
              return a;
              // END SOLUTION
            }
            }
            """)
        text, _, stubs = cpp.rewrite(sf, lambda r: cpp.Action("stub", "f_ex"))
        lines = text.rstrip("\n").split("\n")
        self.assertEqual(len(lines), len(sf.lines))
        self.assertEqual(lines[1], "#include <nn/core/errors.hpp>")
        self.assertEqual(lines[-1], "}")

    def test_kept_regions_and_reference_only_blocks(self):
        sf = scan("""
            #include <nn/core/errors.hpp>
            double f(double z) {
              // BEGIN REFERENCE ONLY
              if (fast()) return fast_f(z);
              // END REFERENCE ONLY
              // BEGIN SOLUTION
              return z;
              // END SOLUTION
            }
            """)
        text, kept, stubs = cpp.rewrite(sf, lambda r: cpp.Action("keep"))
        lines = text.split("\n")
        self.assertEqual(lines[2], "  // (reference-only code left out of the starter tree)")
        self.assertNotIn("fast_f", text)
        self.assertEqual(kept, [(6, 8, "")])
        self.assertEqual(lines[6], "  return z;")
        self.assertEqual(stubs, [])

    def test_variant_switch(self):
        sf = scan("""
            #include <nn/core/errors.hpp>
            double f(double z) {
              // BEGIN SOLUTION
              return z;
              // END SOLUTION
            }
            """)
        text, _, _ = cpp.rewrite(sf, lambda r: cpp.Action("variant", "f_ex", variants=[["  return -z;"]]),
                                 extra_include="#include <nn/core/homework_variant.hpp>")
        self.assertIn('static const int nn_hw_variant_ = ::nn_homework_variant("f_ex");', text)
        self.assertIn('if (nn_hw_variant_ == 1) throw ::nn::NotImplemented("f_ex -- f', text)
        self.assertIn("if (nn_hw_variant_ == 2) {\n  return -z;", text)
        self.assertIn("#include <nn/core/homework_variant.hpp>", text)


# ------------------------------------------------------------------------------------------------
class Manifest(unittest.TestCase):
    def entry(self, **kw):
        d = {"id": "ex", "title": "t", "chapter": "03", "points": 1, "file": "nn/x.cpp", "function": "f",
             "tests": ["HwEx"], "hint": "chapters/03/README.md#a", "wrong": [{"name": "w", "replace": "a", "with": "b"}]}
        d.update(kw)
        return json.dumps({"exercises": [d]})

    def test_an_exercise_needs_tests_points_and_a_section(self):
        for bad, what in (({"tests": []}, "no tests grade this exercise"), ({"points": 0}, "'points' must be positive"),
                          ({"hint": "chapters/03/README.md"}, "path#anchor"), ({"id": "Ex-1"}, "lower case"),
                          ({"colour": 1}, "unknown key 'colour'"), ({"chapter": "3"}, "two digits")):
            with self.subTest(what):
                with self.assertRaises(manifest.ManifestError) as e:
                    manifest.parse(self.entry(**bad))
                self.assertIn(what, str(e.exception))

    def test_wrong_answers_must_apply_once(self):
        e = manifest.parse(self.entry())[0]
        self.assertEqual(e.wrong[0].apply(["x = a + 1;"]), ["x = b + 1;"])
        with self.assertRaises(ValueError):
            e.wrong[0].apply(["x = a + a;"])

    def test_every_region_is_an_exercise_and_every_exercise_a_region(self):
        sf = scan("""
            void f() {
              // BEGIN SOLUTION
              x = 1;
              // END SOLUTION
            }
            void g() {
              // BEGIN SOLUTION
              y = 1;
              // END SOLUTION
            }
            """)
        exs = manifest.parse(self.entry())
        problems = manifest.resolve(exs, {"nn/x.cpp": sf})
        self.assertEqual(len(problems), 1)
        self.assertIn("nn/x.cpp:7: the solution region in g is no exercise", problems[0])
        exs = manifest.parse(self.entry(function="h"))
        self.assertIn("0 regions of nn/x.cpp match function 'h'", "\n".join(manifest.resolve(exs, {"nn/x.cpp": sf})))

    def test_selection_by_chapter_and_id(self):
        ref = reference()
        ch03 = manifest.select(ref.exercises, "ch03")
        self.assertIn("sigmoid", [e.id for e in ch03])
        self.assertTrue(all(e.chapter == "03" for e in ch03))
        both = manifest.select(ref.exercises, "ch03,adam_step")
        self.assertEqual(len(both), len(ch03) + 1)
        self.assertEqual(len(manifest.select(ref.exercises, "")), len(ref.exercises))
        with self.assertRaises(manifest.ManifestError) as e:
            manifest.select(ref.exercises, "ch03,sigmod")
        self.assertIn("'sigmod'", str(e.exception))

    def test_the_reference_manifest(self):
        ref = reference()
        self.assertGreaterEqual(len(ref.exercises), 65)
        for e in ref.exercises:
            with self.subTest(e.id):
                self.assertTrue(generate.tests_of(e.tests, ref.tests), "a test of its own")
                self.assertTrue(e.wrong, "at least one wrong answer")
                for w in e.wrong:
                    w.apply(e.where.body)
                self.assertEqual(e.points, int(e.points), "whole points (GitHub Classroom's max-score)")

    def test_an_exercise_without_a_test_fails_the_generation(self):
        ref = generate.load(REPO)
        ref.exercises[0].tests = ["HwNoSuchSuite"]
        problems = generate._bind(ref)
        self.assertTrue(any("no test HwNoSuchSuite" in p for p in problems), problems)
        self.assertTrue(any("grades no exercise" in p for p in problems), problems)


# ------------------------------------------------------------------------------------------------
OLD_SIGMOID = """\
#include <nn/activations/sigmoid.hpp>

#include <cmath>

namespace nn {

double sigmoid(double z) {
  // BEGIN SOLUTION
  if (z >= 0.0) return 1.0 / (1.0 + std::exp(-z));  // 1 / (1 + e^-z), e^-z <= 1
  const double e = std::exp(z);                     // e^z <= 1 for z < 0
  return e / (1.0 + e);                             // e^z / (1 + e^z)
  // END SOLUTION
}

namespace {
void sigmoid_array(const double* __restrict Z, double* __restrict S, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) S[i] = 1.0 / (1.0 + exp(-Z[i]));  // 1 / (1 + e^-z)
}
}  // namespace

arma::mat sigmoid(const arma::mat& Z) {
  arma::mat S(arma::size(Z));
  sigmoid_array(Z.memptr(), S.memptr(), Z.n_elem);
  return S;
}

}  // namespace nn
"""

# Chapter 07's README as it was: it printed the operator* rule, exercise value_mul_backward.
OLD_CH07 = """\
In code, every operation creates a node that remembers its inputs and a small *backward rule*:

```cpp
Value operator*(const Value& a, const Value& b) {
  // v = a b
  return make_node(a.data() * b.data(), "*", {a.node(), b.node()}, [](Node& v) {
    // BEGIN SOLUTION
    const double a_ = v.inputs[0]->data, b_ = v.inputs[1]->data;
    v.inputs[0]->grad += b_ * v.grad;  // dv/da = b
    v.inputs[1]->grad += a_ * v.grad;  // dv/db = a
    // END SOLUTION
  });
}
```
"""


class Leaks(unittest.TestCase):
    def fps(self, *ids):
        by = reference().by_id()
        out = []
        for i in ids:
            out += leaks.fingerprints(i, by[i].where.body)
        return out

    def test_equivalent_forms_match(self):
        fp = leaks.fingerprints("sigmoid", ["  return 1.0 / (1.0 + nn::exp(-z));"])
        for code in ("p = 1. / (1 + std::exp(-x));", "A1 = 1.0 / (1.0 + np.exp(-(Xb @ W1 + b1)))",
                     "S[i] = 1.0 / (1.0 + exp(-Z[i]));"):
            with self.subTest(code):
                self.assertTrue(leaks.search(fp, leaks.tokenize(leaks.code_of_python(code))), code)
        for code in ("p = 1.0 / (2.0 + std::exp(-x));", "p = 1.0 / (1.0 + std::exp(x));", "// 1 / (1 + exp(-z))"):
            with self.subTest(code):
                self.assertFalse(leaks.search(fp, leaks.tokenize(leaks.code_of_cpp(code))), code)

    def test_plain_statements_are_no_fingerprints(self):
        fps = leaks.fingerprints("x", ["  return (a - b) / c;", "  n *= d;", "  return eta * g;"])
        self.assertEqual([f.source for f in fps], ["the whole solution"])  # only the three in a row

    def test_the_old_sigmoid_array_fails_the_check(self):
        sf = cpp.scan("nn/activations/sigmoid.cpp", OLD_SIGMOID)
        starter_text, _, _ = cpp.rewrite(sf, lambda r: cpp.Action("stub", "sigmoid"))
        self.assertNotIn("if (z >= 0.0)", starter_text)
        hits = leaks.check({"nn/activations/sigmoid.cpp": starter_text}, self.fps("sigmoid"))
        self.assertEqual([(h.exercise, h.line) for h in hits], [("sigmoid", 17)])
        self.assertIn("sigmoid_array", starter_text.split("\n")[15])

    def test_peers_py_fails_the_check(self):
        with open(os.path.join(REPO, "bench", "peers.py"), encoding="utf-8") as f:
            text = f.read()
        hits = leaks.check({"bench/peers.py": text}, self.fps("sigmoid", "sigmoid_derivative", "sigmoid_backward", "adam_step"))
        found = {h.exercise for h in hits}
        self.assertEqual(found, {"sigmoid", "sigmoid_derivative", "sigmoid_backward", "adam_step"})
        self.assertIn("np.exp", next(h.code for h in hits if h.exercise == "sigmoid"))

    def test_peers_py_fails_the_generation_unless_left_out(self):
        ref = generate.load(REPO)
        ref.config = dict(ref.config, exclude=[], replace=[])
        with self.assertRaises(generate.GenerateError) as e:
            generate.build(ref, "ch03")
        self.assertIn("bench/peers.py:", str(e.exception))
        self.assertIn("nothing was written", str(e.exception))

    def test_a_text_that_prints_the_solution_fails_the_check(self):
        hits = leaks.check({"chapters/07_backprop_by_hand/README.md": OLD_CH07}, self.fps("value_mul_backward"))
        self.assertEqual([h.exercise for h in hits], ["value_mul_backward"])
        with open(os.path.join(REPO, "chapters", "07_backprop_by_hand", "README.md"), encoding="utf-8") as f:
            self.assertEqual(leaks.check({"README.md": f.read()}, self.fps("value_mul_backward")), [])

    def test_prose_and_math_are_not_searched(self):
        md = "The derivative is $\\sigma(z)(1 - \\sigma(z))$, i.e. s * (1.0 - s) in words.\n\nsee `s` and `1 - s`.\n"
        self.assertEqual(leaks.check({"x.md": md}, self.fps("sigmoid_derivative")), [])
        cpp_comment = "/// \\f$ s (1 - s) \\f$: s * (1.0 - s)\nint x;\n"
        self.assertEqual(leaks.check({"x.hpp": cpp_comment}, self.fps("sigmoid_derivative")), [])

    def test_leaking_tests_are_removed_and_the_rest_kept(self):
        text = textwrap.dedent("""\
            #include <gtest/gtest.h>
            TEST(A, Keeps) {
              EXPECT_EQ(1, 1);
            }
            TEST(A, Leaks) {
              const double s = nn::sigmoid(0.3);
              EXPECT_NEAR(nn::sigmoid_derivative(0.3), s * (1.0 - s), 1e-15);
            }
            """)
        hits = leaks.check({"tests/unit/x_test.cpp": text}, self.fps("sigmoid_derivative"))
        new, removed = generate.remove_tests(text, {h.line for h in hits})
        self.assertEqual(removed, ["A.Leaks"])
        self.assertEqual(len(new.split("\n")), len(text.split("\n")))
        self.assertIn("TEST(A, Keeps)", new)
        self.assertEqual(leaks.check({"t.cpp": new}, self.fps("sigmoid_derivative")), [])
        helper = "double d(double s) { return s * (1.0 - s); }\nTEST(A, B) { EXPECT_EQ(d(0.5), 0.25); }\n"
        hits = leaks.check({"t.cpp": helper}, self.fps("sigmoid_derivative"))
        self.assertEqual(generate.remove_tests(helper, {h.line for h in hits}), (None, []))


# ------------------------------------------------------------------------------------------------
class Starter(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="nn-hw-test-")
        cls.out = os.path.join(cls.tmp, "hw")
        cls.st, cls.stats = generate.generate(REPO, cls.out, "ch03")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def read(self, rel):
        with open(os.path.join(self.out, rel), encoding="utf-8") as f:
            return f.read()

    def test_only_the_chosen_chapter_is_stubbed(self):
        self.assertIn('throw ::nn::NotImplemented("sigmoid -- sigmoid', self.read("nn/activations/sigmoid.cpp"))
        self.assertNotIn("NotImplemented", self.read("nn/activations/softmax.cpp"))
        self.assertIn("E.each_row() /= arma::sum(E, 0);", self.read("nn/activations/softmax.cpp"))
        ids = [e.id for e in self.st.selected]
        self.assertEqual(sorted(ids), sorted(e.id for e in reference().exercises if e.chapter == "03"))

    def test_companions_call_the_exercise(self):
        text = self.read("nn/data/synthetic.cpp")
        self.assertIn("return ::nn::sigmoid(z);", text)
        self.assertIn("#include <nn/activations/sigmoid.hpp>", text)
        self.assertNotIn("1.0 / (1.0 + std::exp(-z))", text)
        # dropout_with_mask is chapter 11's: its companion stays as it is in this starter
        self.assertIn("return dY % mask_ / (1.0 - p_);", self.read("nn/layers/dropout.cpp"))

    def test_nothing_but_tracked_files_and_no_answers(self):
        listed = set(tree.tracked_files(REPO))
        with open(os.path.join(self.out, tree.STAMP + ".files"), encoding="utf-8") as f:
            written = {l.strip() for l in f if l.strip()}
        generated = {"README.md", "EXERCISES.md", manifest.MANIFEST, ".github/workflows/classroom.yml", tree.STAMP}
        self.assertEqual(written - listed - generated, set())
        self.assertFalse(os.path.exists(os.path.join(self.out, "bench", "peers.py")))
        self.assertFalse(any(w.startswith(("tests/homework/private/", "tests/homework/tool/")) for w in written))
        self.assertIn("not available in the homework starter", self.read("bench/peers.sh"))

    def test_the_public_manifest_has_no_solution(self):
        data = json.loads(self.read(manifest.MANIFEST))
        self.assertTrue(all("wrong" not in e for e in data["exercises"]))
        self.assertNotIn("nn::exp(-z)", self.read(manifest.MANIFEST))
        self.assertEqual(data["selection"], "ch03")
        sig = next(e for e in data["exercises"] if e["id"] == "sigmoid")
        self.assertEqual(sig["line"], 13)
        self.assertIn('chapter 03, section "Logit, probability, prediction"', sig["hint_text"])

    def test_readme_exercises_and_workflow(self):
        readme = self.read("README.md")
        self.assertIn("make grade", readme)
        self.assertIn("EXERCISES.md", readme)
        self.assertNotIn("100%", readme)
        ex = self.read("EXERCISES.md")
        self.assertIn("[nn/activations/sigmoid.cpp:13](nn/activations/sigmoid.cpp#L13)", ex)
        wf = self.read(".github/workflows/classroom.yml")
        n = len(self.st.selected)
        self.assertEqual(wf.count("uses: education/autograding-command-grader@v1"), n)
        self.assertEqual(wf.count("max-score: "), n)
        self.assertIn("command: python3 cmake/homework grade --no-build --exercise sigmoid", wf)
        self.assertIn("SIGMOID_RESULTS: \"${{steps.sigmoid.outputs.result}}\"", wf)
        runners = wf.split("runners: ")[1].strip().split(",")
        self.assertEqual(len(runners), n)

    def test_the_gradescope_autograder_zip(self):
        import contextlib
        import io
        import zipfile
        from homework import cli
        z = os.path.join(self.tmp, "autograder.zip")
        with contextlib.redirect_stdout(io.StringIO()):
            self.assertEqual(cli.main(["autograder", "--src", REPO, "--starter", self.out, "--out", z]), 0)
        with zipfile.ZipFile(z) as f:
            names = set(f.namelist())
            mode = {i.filename: i.external_attr >> 16 for i in f.infolist()}
        self.assertTrue({"setup.sh", "run_autograder", "starter/README.md", "starter/EXERCISES.md",
                         "starter/tests/homework/private/tests.json"} <= names)
        self.assertTrue(mode["run_autograder"] & stat.S_IXUSR)
        self.assertFalse(any(n.startswith("starter/build/") for n in names))

    def test_regenerating_is_incremental_and_refuses_foreign_dirs(self):
        _, stats = generate.generate(REPO, self.out, "ch03")
        self.assertEqual(stats["written"], 0)
        foreign = os.path.join(self.tmp, "foreign")
        os.makedirs(foreign)
        open(os.path.join(foreign, "notes.txt"), "w").close()
        with self.assertRaises(tree.TreeError):
            generate.generate(REPO, foreign, "ch03")


class Docs(unittest.TestCase):
    def test_the_table_of_docs_homework_is_current(self):
        from homework import cli
        with open(os.path.join(REPO, "docs", "homework.md"), encoding="utf-8") as f:
            text = f.read()
        table = text.split(cli.TABLE_BEGIN, 1)[1].split(cli.TABLE_END, 1)[0].strip()
        self.assertEqual(table, cli.exercise_table(reference(), reference().exercises).strip(),
                         "run: python3 cmake/homework list --markdown --update docs/homework.md")


class TrackedFiles(unittest.TestCase):
    def test_untracked_files_are_never_exported(self):
        with tempfile.TemporaryDirectory() as d:
            subprocess.run(["git", "init", "-q", d], check=True)
            for name in ("kept.txt", "notes.log"):
                with open(os.path.join(d, name), "w") as f:
                    f.write(name)
            subprocess.run(["git", "-C", d, "add", "kept.txt"], check=True)
            self.assertEqual(tree.tracked_files(d), ["kept.txt"])
        with tempfile.TemporaryDirectory() as d:
            with self.assertRaises(tree.TreeError):
                tree.tracked_files(d)


# ------------------------------------------------------------------------------------------------
FAKE_GTEST = r'''#!/usr/bin/env python3
# Plays the graded test program: reads the outcome of each test from results.json next to it.
import json, os, sys
here = os.path.dirname(os.path.abspath(__file__))
outcome = json.load(open(os.path.join(here, "outcomes.json")))
flt = next(a for a in sys.argv if a.startswith("--gtest_filter=")).split("=", 1)[1]
out = next(a for a in sys.argv if a.startswith("--gtest_output=json:")).split(":", 1)[1]
suites = {}
for pattern in flt.split(":"):
    suite = pattern.split(".")[0]
    for name, failure in outcome.get(suite, {}).items():
        if failure == "crash":
            os.abort()
        t = {"name": name, "status": "RUN", "result": "COMPLETED"}
        if failure:
            t["failures"] = [{"failure": failure, "type": ""}]
        suites.setdefault(suite, []).append(t)
json.dump({"testsuites": [{"name": s, "testsuite": ts} for s, ts in suites.items()]}, open(out, "w"))
'''


class Grader(unittest.TestCase):
    def make_tree(self, outcomes):
        d = tempfile.mkdtemp(prefix="nn-grade-test-")
        self.addCleanup(shutil.rmtree, d)
        os.makedirs(os.path.join(d, "tests", "homework"))
        exs = [{"id": "sigmoid", "title": "The logistic sigmoid", "chapter": "03", "points": 2,
                "file": "nn/activations/sigmoid.cpp", "function": "sigmoid", "tests": ["HwSigmoid"],
                "hint": "chapters/03_logistic_regression/README.md#logit-probability-prediction",
                "hint_text": 'chapter 03, section "Logit"', "requires": []},
               {"id": "sigmoid_derivative", "title": "The derivative", "chapter": "03", "points": 1,
                "file": "nn/activations/sigmoid.cpp", "function": "sigmoid_derivative", "tests": ["HwSigmoidDerivative"],
                "hint": "x#y", "hint_text": "the section", "requires": ["sigmoid"]}]
        with open(os.path.join(d, manifest.MANIFEST), "w") as f:
            json.dump({"exercises": exs}, f)
        b = os.path.join(d, "build", "tests", "homework")
        os.makedirs(b)
        exe = os.path.join(b, grade.PUBLIC_TARGET)
        with open(exe, "w") as f:
            f.write(FAKE_GTEST)
        os.chmod(exe, os.stat(exe).st_mode | stat.S_IEXEC)
        with open(os.path.join(b, "outcomes.json"), "w") as f:
            json.dump(outcomes, f)
        return d

    def run_grade(self, d, only=None):
        results = os.path.join(d, "results.json")
        import contextlib
        import io
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            res, status = grade.grade(d, os.path.join(d, "build"), results=results, only=only, no_build=True)
        with open(results) as f:
            return res, status, json.load(f), buf.getvalue()

    def test_stubs_give_zero_and_the_table_says_why(self):
        stub = "x.cpp:5\nC++ exception with description \"not implemented yet (exercise): sigmoid -- sigmoid (nn/activations/sigmoid.cpp:13)\" thrown in the test body."
        d = self.make_tree({"HwSigmoid": {"A": stub, "B": stub}, "HwSigmoidDerivative": {"A": stub}})
        res, status, data, out = self.run_grade(d)
        self.assertEqual(status, 0)
        self.assertEqual([r.score for r in res], [0, 0])
        self.assertEqual(grade.validate_results(data), [])
        self.assertEqual(data["score"], 0)
        self.assertIn("not implemented yet", data["tests"][0]["output"])
        self.assertIn("reaches the stub of exercise 'sigmoid' first", data["tests"][1]["output"])
        self.assertIn("0/2", out)
        self.assertIn('[read: chapter 03, section "Logit"]', out)

    def test_full_partial_and_hidden_diffs(self):
        diff = ("x.cpp:9\nExpected equality of these values:\n  nn::sigmoid_derivative(z)\n    Which is: 0.3\n"
                "  s * (1.0 - s)\n    Which is: 0.25")
        d = self.make_tree({"HwSigmoid": {"A": "", "B": ""},
                            "HwSigmoidDerivative": {"A": "", "B": diff, "C": "x.cpp:3\nFailed\nHW-CHECK: sigmoid_derivative(0) should be 0.25, got 0.3"}})
        res, _, data, out = self.run_grade(d)
        self.assertEqual([r.score for r in res], [2, 0.33])
        self.assertEqual(data["tests"][0]["status"], "passed")
        self.assertEqual(data["score"], 2.33)
        self.assertNotIn("1.0 - s", json.dumps(data) + out)
        self.assertIn("sigmoid_derivative(0) should be 0.25, got 0.3", data["tests"][1]["output"])
        self.assertIn("a check failed (x.cpp:9)", data["tests"][1]["output"])
        self.assertIn("2/2", out)
        self.assertEqual(grade.validate_results(data), [])

    def test_one_exercise_exit_status_and_crashes(self):
        d = self.make_tree({"HwSigmoid": {"A": ""}, "HwSigmoidDerivative": {"A": "crash"}})
        _, status, _, _ = self.run_grade(d, only="sigmoid")
        self.assertEqual(status, 0)
        res, status, data, _ = self.run_grade(d, only="sigmoid_derivative")
        self.assertEqual(status, 1)
        self.assertIn("crashed", res[0].error)
        self.assertEqual(data["tests"][0]["score"], 0)

    def test_results_validation(self):
        good = {"score": 1, "tests": [{"name": "a", "score": 1, "max_score": 2, "output": "", "visibility": "visible"}]}
        self.assertEqual(grade.validate_results(good), [])
        bad = {"score": 3, "tests": [{"name": "a", "score": 3, "max_score": 2, "output": "", "visibility": "everyone"}]}
        problems = grade.validate_results(bad)
        self.assertTrue(any("visibility" in p for p in problems))
        self.assertTrue(any("outside" in p for p in problems))

    def test_collect_takes_only_the_exercise_files(self):
        d = self.make_tree({})
        sub = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, sub)
        os.makedirs(os.path.join(sub, "my-repo", "nn", "activations"))
        os.makedirs(os.path.join(sub, "my-repo", "tests", "homework"))
        with open(os.path.join(sub, "my-repo", "nn", "activations", "sigmoid.cpp"), "w") as f:
            f.write("// mine\n")
        with open(os.path.join(sub, "my-repo", "tests", "homework", "ch03_test.cpp"), "w") as f:
            f.write("// an edited test\n")
        os.makedirs(os.path.join(d, "nn", "activations"))
        self.assertEqual(grade.collect(sub, d), {})
        with open(os.path.join(d, "nn", "activations", "sigmoid.cpp")) as f:
            self.assertEqual(f.read(), "// mine\n")
        self.assertFalse(os.path.exists(os.path.join(d, "tests", "homework", "ch03_test.cpp")))
        empty = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, empty)
        self.assertIn("nn/activations/sigmoid.cpp", grade.collect(empty, d))


if __name__ == "__main__":
    unittest.main()
