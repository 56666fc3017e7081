"""A list of named checks run in order, one line each, closing with "N passed, N failed".

Shared by the scripts that prove third-party clients and the CLI work against the emulator.
"""
import inspect
import sys
import traceback


class Checklist:
    def __init__(self, title):
        self.title = title
        self.checks = []
        self.passed = 0
        self.failed = 0

    def check(self, name):
        """Decorator: registers a check (a plain or async function that raises on failure)."""
        def register(function):
            self.checks.append((name, function))
            return function
        return register

    def record(self, name, ok, detail=""):
        """Records the outcome of a check evaluated inline."""
        if ok:
            self.passed += 1
            print(f"ok   {name}", flush=True)
        else:
            self.failed += 1
            print(f"FAIL {name}" + (f": {detail}" if detail else ""), flush=True)

    async def run_async(self):
        for name, function in self.checks:
            try:
                result = function()
                if inspect.isawaitable(result):
                    await result
            except Exception:
                self.record(name, False)
                traceback.print_exc(file=sys.stdout)
            else:
                self.record(name, True)

    def run(self):
        for name, function in self.checks:
            try:
                function()
            except Exception:
                self.record(name, False)
                traceback.print_exc(file=sys.stdout)
            else:
                self.record(name, True)

    def summary(self):
        """Prints the closing line and returns the process exit code."""
        print(f"{self.title}: {self.passed} passed, {self.failed} failed", flush=True)
        return 1 if self.failed else 0
