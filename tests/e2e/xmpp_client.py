#!/usr/bin/env python3
"""An XMPP user for the end-to-end tests, on slixmpp.

Logs in (plain TCP, loopback), sends initial presence, touches --ready FILE,
sends each --send message, then waits until every --expect regular expression
has matched a received stanza. Each received stanza is printed as one line
"RECV <xml>". Exits 0 when every expectation was met, 1 otherwise; never runs
longer than --timeout seconds.

  xmpp_client.py --jid juliet@localhost --password julietpw \
      --send romeo@sip.localhost 'hello' --lang en --expect '<body>hi</body>'
"""
import argparse
import asyncio
import logging
import re
import sys
from pathlib import Path

from slixmpp import ClientXMPP


class Client(ClientXMPP):
    def __init__(self, args):
        super().__init__(args.jid, args.password)
        self.args = args
        self.pending = [re.compile(e, re.S) for e in args.expect]
        self.all_met = asyncio.Event()
        if not self.pending:
            self.all_met.set()
        self.plugin["feature_mechanisms"].unencrypted_plain = True
        self.add_filter("in", self.on_incoming)
        self.add_event_handler("session_start", self.on_start)
        self.add_event_handler("failed_auth", lambda _: print("FAIL auth", flush=True))

    def on_incoming(self, stanza):
        xml = str(stanza).replace("\n", " ")
        print(f"RECV {xml}", flush=True)
        self.pending = [rx for rx in self.pending if not rx.search(xml)]
        if not self.pending:
            self.all_met.set()
        return stanza

    async def on_start(self, _event):
        # The roster request makes this resource "interested" (RFC 6121
        # §2.1.6), then initial presence makes it available for messages.
        await self.get_roster()
        self.send_presence()
        if self.args.ready:
            Path(self.args.ready).touch()
        for to, body in self.args.send:
            msg = self.make_message(mto=to, mbody=body, mtype="chat")
            if self.args.lang:
                msg["lang"] = self.args.lang
            msg.send()
            print(f"SENT to {to}: {body}", flush=True)


async def main(args):
    client = Client(args)
    client.enable_starttls = False
    client.enable_direct_tls = False
    client.enable_plaintext = True
    client.connect(args.server, args.port)
    try:
        await asyncio.wait_for(client.all_met.wait(), args.timeout)
        ok = True
    except asyncio.TimeoutError:
        ok = False
        for rx in client.pending:
            print(f"FAIL no stanza matched {rx.pattern!r} in {args.timeout}s", flush=True)
    await asyncio.sleep(0.2)  # let what was sent leave before closing
    client.disconnect()
    return ok


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--jid", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--server", default="127.0.0.1")
    p.add_argument("--port", type=int, default=5222)
    p.add_argument("--ready", help="file to create once logged in and available")
    p.add_argument("--send", nargs=2, action="append", default=[], metavar=("TO", "BODY"))
    p.add_argument("--lang", help="xml:lang of the messages sent")
    p.add_argument("--expect", action="append", default=[], metavar="REGEX")
    p.add_argument("--timeout", type=float, default=15)
    args = p.parse_args()
    sys.stdout.reconfigure(encoding="utf-8")
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    sys.exit(0 if asyncio.run(main(args)) else 1)
