#!/usr/bin/env python3
"""A SIP phone for the end-to-end presence tests, on PJSIP (PyPI
pjsua2-python): a watcher of other users' presence (RFC 3856) that prints
what it learns.

Runs its steps in order and prints one line per event; exits 0 only when
every step was done; never runs longer than --timeout seconds. UDP on
127.0.0.1 only, no sound device, no registration; every request goes
through --proxy.

  sip_ua.py --id sip:paris@sip.localhost --port 5090 --proxy 'sip:127.0.0.1:5070;lr' \\
      watch:sip:juliet@localhost 'expect:sub=ACTIVE' unwatch:sip:juliet@localhost

Steps:
  watch:URI        SUBSCRIBE to URI's presence
  unwatch:URI      end that subscription (SUBSCRIBE with Expires: 0)
  expect:REGEX     wait for an event line matching REGEX; each wait looks
                   only at lines after the one the previous wait matched
  touch:FILE       create FILE (tells the test a point was reached)
  wait-file:FILE   wait until FILE exists
Event lines:
  BUDDY uri=<uri> sub=<NULL|SENT|ACCEPTED|PENDING|ACTIVE|TERMINATED>
        status=<online|offline|unknown> activity=<away|busy|unknown> text=<note>
With --log FILE, PJSIP's log with every SIP message goes there.
"""
import argparse
import re
import sys
import time
from pathlib import Path

import pjsua2 as pj

EVENTS = []
ACTIVITY = {pj.PJRPID_ACTIVITY_AWAY: "away", pj.PJRPID_ACTIVITY_BUSY: "busy"}
STATUS = {pj.PJSUA_BUDDY_STATUS_ONLINE: "online", pj.PJSUA_BUDDY_STATUS_OFFLINE: "offline"}


def emit(line):
    EVENTS.append(line)
    print(line, flush=True)


class Buddy(pj.Buddy):
    def onBuddyState(self):
        bi = self.getInfo()
        ps = bi.presStatus
        emit(f"BUDDY uri={bi.uri} sub={bi.subStateName} status={STATUS.get(ps.status, 'unknown')} "
             f"activity={ACTIVITY.get(ps.activity, 'unknown')} text={ps.statusText}")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--id", required=True, help="own SIP URI")
    ap.add_argument("--port", type=int, default=5090)
    ap.add_argument("--proxy", required=True)
    ap.add_argument("--timeout", type=float, default=30)
    ap.add_argument("--log")
    ap.add_argument("steps", nargs="*")
    a = ap.parse_args()

    ep = pj.Endpoint()
    ep.libCreate()
    cfg = pj.EpConfig()
    cfg.uaConfig.threadCnt = 0
    cfg.uaConfig.mainThreadOnly = True
    cfg.uaConfig.userAgent = "sip-xmpp-e2e"
    cfg.logConfig.consoleLevel = 1
    cfg.logConfig.level = 5 if a.log else 1
    if a.log:
        cfg.logConfig.filename = a.log
    cfg.logConfig.msgLogging = bool(a.log)
    cfg.medConfig.noVad = True
    ep.libInit(cfg)
    tc = pj.TransportConfig()
    tc.port = a.port
    tc.boundAddress = "127.0.0.1"
    tc.publicAddress = "127.0.0.1"
    ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tc)
    ep.libStart()
    ep.audDevManager().setNullDev()

    ac = pj.AccountConfig()
    ac.idUri = a.id
    ac.regConfig.registerOnAdd = False
    ac.sipConfig.proxies.append(a.proxy)
    ac.natConfig.iceEnabled = False
    ac.natConfig.sdpNatRewriteUse = False
    ac.natConfig.contactRewriteUse = False
    ac.natConfig.viaRewriteUse = False
    ac.presConfig.publishEnabled = False
    acc = pj.Account()
    acc.create(ac)
    buddies = {}
    deadline = time.monotonic() + a.timeout
    cursor = 0  # the first event line the next expect looks at

    def pump(until):
        while time.monotonic() < min(until, deadline):
            ep.libHandleEvents(20)

    ok = True
    for step in a.steps:
        name, _, rest = step.partition(":")
        print(f"STEP {step}", flush=True)
        if name == "watch":
            bc = pj.BuddyConfig()
            bc.uri = rest
            bc.subscribe = True
            buddies[rest] = Buddy()
            buddies[rest].create(acc, bc)
        elif name == "unwatch":
            buddies[rest].subscribePresence(False)
        elif name == "touch":
            Path(rest).touch()
        elif name in ("expect", "wait-file"):
            rx = re.compile(rest)
            while time.monotonic() < deadline:
                if name == "wait-file" and Path(rest).exists():
                    break
                if name == "expect":
                    hit = next((i for i in range(cursor, len(EVENTS))
                                if rx.search(EVENTS[i])), None)
                    if hit is not None:
                        cursor = hit + 1
                        print(f"MATCH {rest}", flush=True)
                        break
                ep.libHandleEvents(20)
            else:
                print(f"FAIL step {step} not done in {a.timeout}s", flush=True)
                ok = False
                break
        else:
            print(f"FAIL unknown step {step}", flush=True)
            ok = False
            break
    # Let the last transactions end (the answer to an un-SUBSCRIBE, the
    # final NOTIFY), then stop.
    deadline = time.monotonic() + 1
    pump(deadline)
    buddies.clear()
    acc.shutdown()
    ep.libDestroy()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
