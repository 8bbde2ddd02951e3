#!/usr/bin/env python3
"""Fails when a test was skipped that is not on .ci/allowed-skips.txt.

Under CI=true a test whose machine lacks what it needs fails (Environment.require); any other skip
(an assumption, @Disabled) would hide that a test never ran. Reads every module's Surefire reports
(*/target/surefire-reports/TEST-*.xml). A line of the allowed list is a test id, `Class#method`
(a shell pattern: `*` allowed), then the reason; `#` starts a comment line.
"""
import fnmatch
import glob
import sys
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


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
