#!/usr/bin/env python3
"""Fails when a test was skipped that is not on .ci/allowed-skips.txt.

Under CI=true a test whose machine lacks what it needs fails (Environment.require); any other skip
(an assumption, @Disabled) would hide that a test never ran. Reads every module's Surefire reports
(*/target/surefire-reports/TEST-*.xml). A line of the allowed list is a test id, `Class#method`
(a shell pattern: `*` allowed), then the reason; `#` starts a comment line.
"""
import contextlib
import fnmatch
import glob
import io
import os
import sys
import tempfile
import xml.etree.ElementTree as ET


def allowed_patterns(path):
    patterns = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(None, 1)
            if len(parts) < 2 or not parts[1].strip():
                sys.exit(f"{path}:{number}: every allowed skip needs a reason: {line}")
            patterns.append(parts[0])
    return patterns


def main(allowed_file, report_glob):
    allowed = allowed_patterns(allowed_file)
    reports = sorted(glob.glob(report_glob))
    if not reports:
        sys.exit(f"ci: no Surefire reports match {report_glob}: did the tests run?")
    ran = 0
    unexpected = []
    for report in reports:
        for case in ET.parse(report).getroot().iter("testcase"):
            ran += 1
            skipped = case.find("skipped")
            if skipped is None:
                continue
            test_id = f"{case.get('classname')}#{case.get('name')}"
            if not any(fnmatch.fnmatchcase(test_id, p) for p in allowed):
                unexpected.append(f"  {test_id}: {skipped.get('message') or '(no reason given)'}")
    print(f"ci: {ran} test(s) in {len(reports)} report(s); {len(unexpected)} unexpected skip(s)")
    if unexpected:
        print("ci: tests skipped that CI must run (fix the machine, or list them with a reason in "
              f"{allowed_file}):")
        print("\n".join(unexpected))
        return 1
    return 0


def self_test():
    """The check itself, on made-up reports: .ci/run runs this first, so a broken check cannot
    pass a run by accident."""
    report = (
        '<testsuite name="S"><testcase classname="io.x.ATest" name="runs"/>'
        '<testcase classname="io.x.ATest" name="skips"><skipped message="no namespaces"/>'
        "</testcase></testsuite>"
    )
    with tempfile.TemporaryDirectory() as root:
        os.makedirs(os.path.join(root, "m", "target", "surefire-reports"))
        with open(os.path.join(root, "m", "target", "surefire-reports", "TEST-S.xml"), "w") as f:
            f.write(report)
        reports = os.path.join(root, "*", "target", "surefire-reports", "TEST-*.xml")
        allowed = os.path.join(root, "allowed.txt")

        def run(allowed_text):
            with open(allowed, "w", encoding="utf-8") as f:
                f.write(allowed_text)
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    return main(allowed, reports)
            except SystemExit as e:
                return e.code

        checks = [
            ("an unlisted skip fails", run("# nothing\n"), 1),
            ("a listed skip with its reason passes", run("io.x.ATest#sk* needs namespaces\n"), 0),
            ("another test listed does not excuse it", run("io.x.BTest#* other reason\n"), 1),
        ]
        no_reason = run("io.x.ATest#skips\n")
        checks.append(("an entry without a reason is refused", no_reason not in (0, None), True))
        with tempfile.TemporaryDirectory() as empty:
            try:
                code = main(allowed, os.path.join(empty, "*", "TEST-*.xml"))
            except SystemExit as e:
                code = e.code
            checks.append(("no reports at all fails", code not in (0, None), True))
    failed = [name for name, got, want in checks if got != want]
    if failed:
        print("ci: the skipped-test check is broken: " + "; ".join(failed))
        return 1
    print(f"ci: skipped-test check: self-test passed ({len(checks)} cases)")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(self_test())
    sys.exit(main(sys.argv[1], sys.argv[2]))
