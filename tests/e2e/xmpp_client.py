#!/usr/bin/env python3
"""An XMPP user for the end-to-end tests, on slixmpp.

Logs in (plain TCP, loopback), fetches the roster, sends initial presence,
touches --ready FILE, then runs its steps in the order given:

  --send TO BODY        a chat message (xml:lang from --lang)
  --subscribe JID       <presence type='subscribe'/> to JID
  --unsubscribe JID     <presence type='unsubscribe'/> to JID
  --approve JID         wait for a subscription request from JID, answer
                        <presence type='subscribed'/>
  --presence SHOW TEXT  broadcast presence: SHOW is available, away, chat,
                        dnd or xa; TEXT the <status/> ('' for none)
  --expect REGEX        wait for a received stanza matching REGEX
  --mark FILE           create FILE (tells the test a point was reached)
  --wait-file FILE      wait until FILE exists

Each wait looks only at stanzas received after the one the previous wait
matched, so expectations are met in order. Each received stanza is printed
as one line "RECV <xml>". Subscription requests are never answered on their
own. Exits 0 when every step was done, 1 otherwise; never runs longer than
--timeout seconds.

  xmpp_client.py --jid juliet@localhost --password julietpw \\
      --subscribe romeo@sip.localhost --expect 'type="subscribed"'
"""
import argparse
import asyncio
import logging
import re
import sys
from pathlib import Path

from slixmpp import ClientXMPP


class Step(argparse.Action):
    """Keeps every step option, in command-line order, in `steps`."""

    def __call__(self, parser, namespace, values, option_string=None):
        steps = getattr(namespace, "steps", None) or []
        steps.append((self.dest, values))
        namespace.steps = steps


class Client(ClientXMPP):
    def __init__(self, args):
        super().__init__(args.jid, args.password)
        self.args = args
        self.received = []
        self.cursor = 0  # the first stanza the next wait looks at
        self.arrived = asyncio.Event()
        self.done = asyncio.Event()
        self.failure = None
        self.roster.auto_authorize = None  # answered by --approve only
        self.roster.auto_subscribe = False
        self.plugin["feature_mechanisms"].unencrypted_plain = True
        self.add_filter("in", self.on_incoming)
        self.add_event_handler("session_start", self.on_start)
        self.add_event_handler("failed_auth", lambda _: print("FAIL auth", flush=True))

    def on_incoming(self, stanza):
        xml = str(stanza).replace("\n", " ")
        print(f"RECV {xml}", flush=True)
        self.received.append(xml)
        self.arrived.set()
        return stanza

    async def wait_for(self, rx):
        """Waits for a stanza matching rx after the cursor; moves past it."""
        while True:
            for i in range(self.cursor, len(self.received)):
                if rx.search(self.received[i]):
                    self.cursor = i + 1
                    return self.received[i]
            self.arrived.clear()
            await self.arrived.wait()

    async def on_start(self, _event):
        # The roster request makes this resource "interested" (RFC 6121
        # §2.1.6), then initial presence makes it available for messages.
        await self.get_roster()
        self.send_presence()
        if self.args.ready:
            Path(self.args.ready).touch()
        for kind, value in getattr(self.args, "steps", None) or []:
            self.step = f"{kind} {value}"
            await self.run_step(kind, value)
        self.done.set()

    async def run_step(self, kind, value):
        if kind == "send":
            to, body = value
            msg = self.make_message(mto=to, mbody=body, mtype="chat")
            if self.args.lang:
                msg["lang"] = self.args.lang
            msg.send()
            print(f"SENT to {to}: {body}", flush=True)
        elif kind in ("subscribe", "unsubscribe"):
            self.send_presence(pto=value, ptype=kind)
            print(f"SENT {kind} to {value}", flush=True)
        elif kind == "approve":
            jid = re.escape(value)
            await self.wait_for(re.compile(
                f'<presence (?=[^>]*type="subscribe")(?=[^>]*from="{jid}[/"])'))
            self.send_presence(pto=value, ptype="subscribed")
            print(f"SENT subscribed to {value}", flush=True)
        elif kind == "presence":
            show, text = value
            self.send_presence(pshow=None if show == "available" else show,
                               pstatus=text or None)
            print(f"SENT presence {show} {text!r}", flush=True)
        elif kind == "expect":
            await self.wait_for(re.compile(value, re.S))
            print(f"MATCH {value}", flush=True)
        elif kind == "mark":
            Path(value).touch()
        elif kind == "wait_file":
            while not Path(value).exists():
                await asyncio.sleep(0.1)


async def main(args):
    client = Client(args)
    client.step = "login"
    client.enable_starttls = False
    client.enable_direct_tls = False
    client.enable_plaintext = True
    client.connect(args.server, args.port)
    try:
        await asyncio.wait_for(client.done.wait(), args.timeout)
        ok = True
    except asyncio.TimeoutError:
        ok = False
        print(f"FAIL step {client.step} not done in {args.timeout}s", flush=True)
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
    p.add_argument("--lang", help="xml:lang of the messages sent")
    p.add_argument("--timeout", type=float, default=15)
    p.add_argument("--send", nargs=2, action=Step, metavar=("TO", "BODY"))
    p.add_argument("--subscribe", action=Step, metavar="JID")
    p.add_argument("--unsubscribe", action=Step, metavar="JID")
    p.add_argument("--approve", action=Step, metavar="JID")
    p.add_argument("--presence", nargs=2, action=Step, metavar=("SHOW", "TEXT"))
    p.add_argument("--expect", action=Step, metavar="REGEX")
    p.add_argument("--mark", action=Step, metavar="FILE")
    p.add_argument("--wait-file", action=Step, metavar="FILE")
    args = p.parse_args()
    sys.stdout.reconfigure(encoding="utf-8")
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    sys.exit(0 if asyncio.run(main(args)) else 1)
