#!/usr/bin/env python3
"""Part of an office day against a real antred (tests/export_central.sh): tickets for
services and the CPMI journey, counters calling, starting, finishing, recalling,
no-shows and transfers, with short pauses so waits differ. Deterministic per seed.
   export_day.py URL SEED STEPS
Also: export_day.py compare REPORT_JSON SERVICE_ROWS JOURNEY_ROWS (the centre's views
against the office's own daily report; exit 1 on any difference)."""
import json
import random
import sys
import time
import urllib.error
import urllib.request

KIOSK = "kiosk-test-token-0000"
COUNTERS = {"1": ["DISNAKER", "INFO"], "2": ["DISNAKER"], "3": ["DUKCAPIL"],
            "4": ["KESEHATAN"], "6": ["SKCK"], "7": ["IMIGRASI"], "9": ["BPJS", "INFO"],
            "10": ["PAP"]}


def post(url, path, token, body=None):
    req = urllib.request.Request(url + path, data=json.dumps(body or {}).encode(),
                                 method="POST",
                                 headers={"Authorization": "Bearer " + token,
                                          "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as e:
        if e.code in (204, 409):   # nobody waiting / nothing held: part of a day
            return e.code
        raise


def day(url, seed, steps):
    rnd = random.Random(seed)
    for _ in range(steps):
        r = rnd.random()
        if r < 0.35:
            body = ({"journey": "CPMI"} if rnd.random() < 0.3 else
                    {"service": rnd.choice(["DISNAKER", "DUKCAPIL", "INFO", "KESEHATAN"])})
            post(url, "/api/v1/tickets", KIOSK, body)
            continue
        c = rnd.choice(list(COUNTERS))
        token = "counter-%s-test-token" % c
        if r < 0.70:
            action, body = "call-next", None
        elif r < 0.78:
            action, body = "start", None
        elif r < 0.90:
            action, body = "finish", None
        elif r < 0.94:
            action, body = "recall", None
        elif r < 0.97:
            action, body = "no-show", None
        else:
            action, body = "transfer", {"service": "INFO"}
        post(url, "/api/v1/counters/%s/%s" % (c, action), token, body)
        if rnd.random() < 0.08:
            time.sleep(rnd.choice([0.3, 0.6, 1.1]))


def compare(report_path, service_rows, journey_rows):
    report = json.load(open(report_path))
    got = {}
    for line in open(service_rows).read().split("\n"):
        if line:
            f = line.split("|")
            got[f[0]] = dict(zip(["issued", "served", "no_show", "cancelled", "wait_p50_s",
                                  "wait_p90_s", "wait_max_s"],
                                 [None if x == "" else int(x) for x in f[1:8]]))
    bad = 0
    for s in report["services"]:
        # (a service that called nobody has no wait: null at the office, NULL at the centre)
        want = {k: s[k] for k in ["issued", "served", "no_show", "cancelled", "wait_p50_s",
                                  "wait_p90_s", "wait_max_s"]}
        have = got.pop(s["id"], {k: None if k.startswith("wait") else 0 for k in want})
        if have != want:
            print("service %s: centre %s, office %s" % (s["id"], have, want))
            bad += 1
    for sid, have in got.items():
        print("service %s only at the centre: %s" % (sid, have))
        bad += 1
    jgot = {}
    for line in open(journey_rows).read().split("\n"):
        if line:
            f = line.split("|")
            jgot[f[0]] = {"issued": int(f[1]), "completed": int(f[2])}
    for j in report["journeys"]:
        want = {"issued": j["issued"], "completed": j["completed"]}
        have = jgot.get(j["id"], {"issued": 0, "completed": 0})
        if have != want:
            print("journey %s: centre %s, office %s" % (j["id"], have, want))
            bad += 1
    served = sum(s["served"] for s in report["services"])
    print("compared %d services (%d served), %d journeys" %
          (len(report["services"]), served, len(report["journeys"])))
    return 1 if bad else 0


if __name__ == "__main__":
    if sys.argv[1] == "compare":
        sys.exit(compare(sys.argv[2], sys.argv[3], sys.argv[4]))
    day(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
