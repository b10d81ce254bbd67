#!/usr/bin/env bash
# End-to-end tests of the demo gateway (examples/gateway) between real
# servers, for RFC 7572 instant messages and RFC 8048 presence:
#
#   slixmpp -- Prosody or ejabberd -- gateway -- Kamailio -- sipp, baresip,
#   juliet@localhost     (XEP-0114 component   (proxy and   pjsua2
#                         sip.localhost)        registrar)  mercutio, tybalt,
#                                                           balthasar (sipp),
#                                                           romeo (baresip),
#                                                           paris (pjsua2)
#                                                           @sip.localhost
#
# It installs its peers (Debian packages, and slixmpp and pjsua2 in a venv)
# when they are missing, builds the example, then runs every scenario inside a network
# namespace that has only loopback (on the host's loopback when `unshare -n`
# is not allowed). Every peer listens on 127.0.0.1, every wait is bounded, and
# every process started is stopped by its pid at the end.
#
#   tests/e2e/run.sh                              both XMPP servers
#   E2E_XMPP_SERVER=prosody tests/e2e/run.sh      one of them
#   E2E_SKIP_INSTALL=1                            no apt-get, no pip
#   E2E_SUITES=presence                           only some suites (default
#                                                 "im presence")
#   E2E_DIR=DIR                                   venv and logs (default
#                                                 ${TMPDIR:-/tmp}/sip-xmpp-e2e);
#                                                 the logs of the last run stay
#                                                 in DIR/run
#
# Output: `PASS name` or `FAIL name: why` per scenario, then `N passed, N failed`.
# Exit status 0 only if every scenario passed.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
E2E_DIR=${E2E_DIR:-${TMPDIR:-/tmp}/sip-xmpp-e2e}
VENV=$E2E_DIR/venv
export E2E_RUN=$E2E_DIR/run
GATEWAY=${CARGO_TARGET_DIR:-$ROOT/target}/debug/examples/gateway
SERVERS=${E2E_XMPP_SERVER:-prosody ejabberd}
SUITES=${E2E_SUITES:-im presence}

# ---------------------------------------------------------------- install, build
install_peers() {
	local need=() cmd_pkg cmd pkg
	for cmd_pkg in prosody:prosody ejabberdctl:ejabberd sipp:sip-tester \
		baresip:baresip-core kamailio:kamailio ss:iproute2 unshare:util-linux; do
		cmd=${cmd_pkg%%:*} pkg=${cmd_pkg#*:}
		command -v "$cmd" >/dev/null 2>&1 || need+=("$pkg")
	done
	python3 -m venv --help >/dev/null 2>&1 || need+=(python3-venv)
	if ((${#need[@]})); then
		echo "installing ${need[*]}"
		apt-get update -qq &&
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
				"${need[@]}" >/dev/null || return 1
		# Where apt starts services, they hold our ports with their own configs.
		for svc in prosody ejabberd kamailio; do
			[[ " ${need[*]} " == *" $svc "* ]] && service "$svc" stop >/dev/null 2>&1
		done
	fi
	if ! "$VENV/bin/python" -c 'import slixmpp, pjsua2' >/dev/null 2>&1; then
		echo "installing slixmpp and pjsua2 in $VENV"
		python3 -m venv "$VENV" &&
			"$VENV/bin/pip" install -q 'slixmpp==1.17.0' 'pjsua2-python==2.15.1.post1' || return 1
	fi
}

if [ -z "${E2E_IN_NETNS:-}" ]; then
	export E2E_T0=$EPOCHSECONDS
	mkdir -p "$E2E_DIR"
	if [ -z "${E2E_SKIP_INSTALL:-}" ]; then
		install_peers || { echo "FAIL install: see the messages above"; echo "0 passed, 1 failed"; exit 1; }
	fi
	(cd "$ROOT" && cargo build --quiet --example gateway) ||
		{ echo "FAIL build: cargo build --example gateway"; echo "0 passed, 1 failed"; exit 1; }
	if unshare -n true 2>/dev/null; then
		exec unshare -n -- env E2E_IN_NETNS=1 bash "$0" "$@"
	fi
	echo "note: no network namespace (unshare -n refused); using the host's loopback"
	E2E_IN_NETNS=0
fi
[ "$E2E_IN_NETNS" = 1 ] && ip link set lo up
E2E_T0=${E2E_T0:-$EPOCHSECONDS}

# ---------------------------------------------------------------- processes
rm -rf "$E2E_RUN"
mkdir -p "$E2E_RUN"
chmod 755 "$E2E_DIR" "$E2E_RUN" # ejabberd runs as its own user
PIDS=()
X2S_SIPP_ARGS=()

# wait_gone PID SECONDS: whether PID ended within SECONDS.
wait_gone() {
	local i
	for ((i = 0; i < $2 * 10; i++)); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
	done
	return 1
}

# stop PID [SECONDS]: SIGTERM, a bounded wait, then SIGKILL; that pid only.
stop() {
	kill -TERM "$1" 2>/dev/null || return 0
	wait_gone "$1" "${2:-5}" || kill -KILL "$1" 2>/dev/null
}

cleanup() {
	local pid
	[ -n "${BARESIP_PID:-}" ] && stop_baresip
	[ -n "${EJABBERD_UP:-}" ] && stop_ejabberd
	for pid in "${PIDS[@]}"; do stop "$pid"; done
	wait 2>/dev/null
}
trap cleanup EXIT

# bg NAME CMD...: start CMD in the background, output to $E2E_RUN/NAME.log.
bg() {
	local name=$1
	shift
	"$@" >"$E2E_RUN/$name.log" 2>&1 &
	PIDS+=($!)
}

# wait_tcp PORT SECONDS
wait_tcp() {
	local end=$((SECONDS + $2))
	until (: <>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
		((SECONDS < end)) || return 1
		sleep 0.1
	done
}

# wait_udp PORT SECONDS
wait_udp() {
	local end=$((SECONDS + $2))
	until ss -lnu "sport = :$1" | grep -q "127.0.0.1:$1"; do
		((SECONDS < end)) || return 1
		sleep 0.05
	done
}

# wait_file FILE SECONDS
wait_file() {
	local end=$((SECONDS + $2))
	until [ -e "$1" ]; do
		((SECONDS < end)) || return 1
		sleep 0.1
	done
}

# wait_count FILE REGEX N SECONDS: until N lines of FILE match REGEX.
wait_count() {
	local end=$((SECONDS + $4))
	until [ "$(grep -cE -- "$2" "$1" 2>/dev/null)" -ge "$3" ]; do
		((SECONDS < end)) || return 1
		sleep 0.1
	done
}

# wait_grep FILE REGEX SECONDS
wait_grep() {
	local end=$((SECONDS + $3))
	until grep -qE -- "$2" "$1" 2>/dev/null; do
		((SECONDS < end)) || return 1
		sleep 0.1
	done
}

# ---------------------------------------------------------------- peers
start_prosody() {
	local cfg=$HERE/prosody.cfg.lua
	prosodyctl --config "$cfg" register juliet localhost julietpw >/dev/null 2>&1 || return 1
	bg prosody prosody --config "$cfg" -F
	PROSODY_PID=${PIDS[-1]}
	wait_tcp 5347 10
}

stop_prosody() {
	stop "$PROSODY_PID" 10
}

EJ=(ejabberdctl --config "$E2E_RUN/ejabberd/ejabberd.yml"
	--ctl-config "$E2E_RUN/ejabberd/ejabberdctl.cfg"
	--spool "$E2E_RUN/ejabberd-spool" --logs "$E2E_RUN/ejabberd-logs")

start_ejabberd() {
	mkdir -p "$E2E_RUN/ejabberd" "$E2E_RUN/ejabberd-spool" "$E2E_RUN/ejabberd-logs"
	cp "$HERE/ejabberd.yml" "$HERE/ejabberdctl.cfg" "$E2E_RUN/ejabberd/"
	chmod -R a+rX "$E2E_RUN/ejabberd"
	chown ejabberd:ejabberd "$E2E_RUN/ejabberd-spool" "$E2E_RUN/ejabberd-logs"
	EJABBERD_UP=1
	timeout 30 "${EJ[@]}" start >"$E2E_RUN/ejabberd.log" 2>&1 &&
		wait_tcp 5347 30 &&
		timeout 30 "${EJ[@]}" started >>"$E2E_RUN/ejabberd.log" 2>&1 &&
		timeout 30 "${EJ[@]}" register juliet localhost julietpw >>"$E2E_RUN/ejabberd.log" 2>&1
}

stop_ejabberd() {
	local pidfile=$E2E_RUN/ejabberd-logs/ejabberd.pid pid=""
	[ -s "$pidfile" ] && pid=$(cat "$pidfile")
	timeout 20 "${EJ[@]}" stop >>"$E2E_RUN/ejabberd.log" 2>&1
	[ -n "$pid" ] && stop "$pid" 10
	EJABBERD_UP=
}

start_kamailio() {
	mkdir -p "$E2E_RUN/kamailio"
	bg kamailio kamailio -f "$HERE/kamailio.cfg" -DD -E -Y "$E2E_RUN/kamailio" \
		-P "$E2E_RUN/kamailio/kamailio.pid" -w "$E2E_RUN/kamailio"
	wait_udp 5070 10
}

# baresip, registered at Kamailio as romeo@sip.localhost; what it prints on
# its console (received messages included) goes to baresip-console.log.
start_baresip() {
	cp -r "$HERE/baresip" "$E2E_RUN/baresip"
	baresip -f "$E2E_RUN/baresip" -t 900 >"$E2E_RUN/baresip.log" 2>&1 &
	BARESIP_PID=$!
	wait_tcp 5556 10 || return 1
	exec 5<>/dev/tcp/127.0.0.1/5556
	cat <&5 >"$E2E_RUN/baresip-console.log" &
	PIDS+=($!)
	wait_grep "$E2E_RUN/baresip.log" "200 OK" 10
}

# baresip waits for its un-REGISTER to be answered: stop it before Kamailio.
stop_baresip() {
	printf '/quit\n' >&5 2>/dev/null
	exec 5>&-
	wait_gone "$BARESIP_PID" 5 || stop "$BARESIP_PID" 5
	BARESIP_PID=
}

start_gateway() {
	bg "gateway-$1" "$GATEWAY"
	GATEWAY_PID=${PIDS[-1]}
	wait_grep "$E2E_RUN/gateway-$1.log" '^ready:' 10
}

# ---------------------------------------------------------------- scenarios
pass=0 fail=0
report() { # NAME WHY ("" for a pass)
	if [ -z "$2" ]; then
		echo "PASS $1"
		pass=$((pass + 1))
	else
		echo "FAIL $1: $2 (logs: $E2E_RUN/$1.*)"
		fail=$((fail + 1))
	fi
}

# xmpp NAME ARGS...: juliet@localhost runs xmpp_client.py; output to NAME.xmpp.log.
xmpp() {
	local name=$1
	shift
	timeout 60 "$VENV/bin/python" "$HERE/xmpp_client.py" --jid juliet@localhost \
		--password julietpw "$@" >"$E2E_RUN/$name.xmpp.log" 2>&1
}

# sipp NAME SCENARIO PORT MEDIA-PORT ARGS...: one sipp call, bounded; the
# messages it saw go to NAME.sipp-PORT.msg.
sipp_call() {
	local name=$1 scen=$2 port=$3 mport=$4
	shift 4
	timeout 25 sipp -sf "$HERE/sipp/$scen" -i 127.0.0.1 -p "$port" -mp "$mport" -m 1 \
		-timeout 15s -timeout_error -nostdin -trace_msg \
		-message_file "$E2E_RUN/$name.sipp-$port.msg" "$@" >"$E2E_RUN/$name.sipp-$port.log" 2>&1
}

# s2x NAME SCENARIO TRANSPORT TARGET BODY EXPECT [SIPP-ARGS...]: juliet waits
# for a stanza matching EXPECT while sipp sends MESSAGE from mercutio.
s2x() {
	local name=$1 scen=$2 transport=$3 target=$4 body=$5 expect=$6 why=""
	shift 6
	local ready=$E2E_RUN/$name.ready
	xmpp "$name" --ready "$ready" --expect "$expect" --timeout 15 &
	local client=$!
	if ! wait_file "$ready" 15; then
		why="the XMPP client did not log in"
	elif ! sipp_call "$name" "$scen" 5071 6000 -t "$transport" -key from mercutio \
		-key to juliet -key body "$body" "$@" "$target"; then
		why="sipp got no 200 (see $name.sipp-5071.log)"
	fi
	wait "$client" || why=${why:-"juliet saw no stanza matching $expect"}
	report "$name" "$why"
}

# x2s NAME USER PORT UAS-SCENARIO BODY [CLIENT-ARGS...]: USER registers at
# Kamailio from sipp, then juliet sends BODY to USER@sip.localhost and sipp
# answers as the UAS scenario says. Sets MSG to the file of what sipp got.
x2s() {
	local name=$1 user=$2 port=$3 scen=$4 body=$5 why=""
	shift 5
	MSG=$E2E_RUN/$name.sipp-$port.msg
	if ! sipp_call "$name-register" register.xml "$port" $((port + 1000)) -key user "$user" \
		127.0.0.1:5070; then
		report "$name" "sipp could not register $user"
		return 1
	fi
	sipp_call "$name" "$scen" "$port" $((port + 1000)) "${X2S_SIPP_ARGS[@]}" &
	local uas=$!
	wait_udp "$port" 5
	xmpp "$name" --send "$user@sip.localhost" "$body" "$@" --timeout 15 ||
		why="juliet's client failed (see $name.xmpp.log)"
	wait "$uas" || why=${why:-"sipp received no MESSAGE (see $name.sipp-$port.log)"}
	X2S_WHY=$why
}

# error_from USER CONDITION: a regular expression for an error message from
# USER@sip.localhost with that condition (attributes in any order).
error_from() {
	echo "<message (?=[^>]*from=\"$1@sip.localhost\")(?=[^>]*type=\"error\")[^>]*>.*<$2 "
}

run_im() { # SERVER
	local s=$1 why
	local gwlog=$E2E_RUN/gateway-$s.log

	s2x "$s-s2x-message" message_uac.xml u1 127.0.0.1:5070 "Good morrow, Juliet" \
		'<message [^>]*from="mercutio@sip.localhost".*<body>Good morrow, Juliet'

	s2x "$s-s2x-message-tcp" message_uac.xml t1 127.0.0.1:5060 "Over TCP, no proxy" \
		'<message [^>]*from="mercutio@sip.localhost".*<body>Over TCP, no proxy'

	s2x "$s-s2x-language" message_lang_uac.xml u1 127.0.0.1:5070 "Grüße aus Mantua ☀ – Ça va?" \
		'<message [^>]*xml:lang="de".*<body>Grüße aus Mantua ☀ – Ça va\?' -key lang de

	# A real SIP phone as the sender: baresip's /message goes to its current
	# contact, sip:juliet@localhost, through Kamailio.
	why=""
	xmpp "$s-s2x-baresip" --ready "$E2E_RUN/$s-s2x-baresip.ready" --timeout 15 \
		--expect '<message [^>]*from="romeo@sip.localhost".*<body>But soft, what light' &
	local client=$!
	if wait_file "$E2E_RUN/$s-s2x-baresip.ready" 15; then
		printf '/message But soft, what light\n' >&5
	else
		why="the XMPP client did not log in"
	fi
	wait "$client" || why=${why:-"juliet did not receive baresip's message"}
	report "$s-s2x-baresip" "$why"

	x2s "$s-x2s-sipp" mercutio 5072 message_uas.xml "O Romeo, Romeo" && {
		why=$X2S_WHY
		grep -q "O Romeo, Romeo" "$MSG" 2>/dev/null || why=${why:-"no body at sipp"}
		grep -qE "^From: <sip:juliet@localhost;gr=[^>]+>" "$MSG" ||
			why=${why:-"no From sip:juliet@localhost;gr=... at sipp"}
		report "$s-x2s-sipp" "$why"
	}

	x2s "$s-x2s-language" mercutio 5072 message_uas.xml "Adieu, adieu ! À demain ☾" \
		--lang fr && {
		why=$X2S_WHY
		grep -q "Adieu, adieu ! À demain ☾" "$MSG" 2>/dev/null || why=${why:-"no body at sipp"}
		grep -qi "^Content-Language: fr" "$MSG" || why=${why:-"no Content-Language: fr at sipp"}
		report "$s-x2s-language" "$why"
	}

	why=""
	xmpp "$s-x2s-baresip" --send romeo@sip.localhost "Wherefore art thou, Romeo" --timeout 10 ||
		why="juliet's client failed"
	wait_grep "$E2E_RUN/baresip-console.log" "Wherefore art thou, Romeo" 10 ||
		why=${why:-"baresip did not print the message"}
	report "$s-x2s-baresip" "$why"

	# RFC 3428 §8: one MESSAGE at a time per destination. sipp answers each
	# after 0.3 s; the gateway holds the next message until then.
	X2S_SIPP_ARGS=(-m 3)
	x2s "$s-x2s-queue" balthasar 5074 message_slow_uas.xml "$s queued one" \
		--send balthasar@sip.localhost "$s queued two" \
		--send balthasar@sip.localhost "$s queued three" && {
		why=$X2S_WHY
		# what sipp saw, in order: each MESSAGE only after the previous 200
		local seen
		seen=$(grep -oE "^(MESSAGE|SIP/2.0 200)|$s queued [a-z]+" "$MSG" | tr '\n' ,)
		[ "$seen" = "MESSAGE,$s queued one,SIP/2.0 200,MESSAGE,$s queued two,SIP/2.0 200,MESSAGE,$s queued three,SIP/2.0 200," ] ||
			why=${why:-"sipp saw $seen"}
		[ "$(grep -c "queued behind a pending MESSAGE" "$gwlog")" = 2 ] ||
			why=${why:-"the gateway did not queue two messages"}
		report "$s-x2s-queue" "$why"
	}
	X2S_SIPP_ARGS=()

	x2s "$s-x2s-sip-error" tybalt 5073 message_404_uas.xml "Tybalt, you rat-catcher" \
		--expect "$(error_from tybalt item-not-found)" && report "$s-x2s-sip-error" "$X2S_WHY"

	why=""
	xmpp "$s-x2s-unregistered" --send benvolio@sip.localhost "Where is Benvolio?" \
		--expect "$(error_from benvolio item-not-found)" \
		--timeout 15 || why="no item-not-found error (Kamailio answers 404 for an unregistered user)"
	report "$s-x2s-unregistered" "$why"

	# RFC 3428 §8 keeps a MESSAGE under 1300 bytes when the path may be
	# UDP; RFC 7572 §6 refuses a longer one with <policy-violation/>.
	why=""
	xmpp "$s-x2s-too-large" --send romeo@sip.localhost "$(printf 'Romeo %.0s' {1..250})" \
		--expect "$(error_from romeo policy-violation)" --timeout 15 ||
		why="no policy-violation error at the client"
	grep -q "refused: MESSAGE of [0-9]* bytes exceeds 1300 bytes" "$gwlog" ||
		why=${why:-"the gateway did not log the refusal"}
	report "$s-x2s-too-large" "$why"

	# RFC 7572 §5: the gateway answers MESSAGE with 200 when it arrives, so the
	# XMPP server's later delivery error cannot become the SIP response; the
	# gateway logs it and does not translate it (§4: errors are not translated).
	why=""
	sipp_call "$s-s2x-xmpp-error" message_uac.xml 5071 6000 -key from mercutio \
		-key to nobody -key body "Is anybody there?" 127.0.0.1:5070 || why="sipp got no 200"
	wait_grep "$gwlog" 'X2S message nobody@localhost -> mercutio@sip.localhost error (service-unavailable|item-not-found): not translated' 10 ||
		why=${why:-"the gateway did not log the XMPP delivery error"}
	report "$s-s2x-xmpp-error" "$why"
}

# presence_from USER [TYPE]: a regular expression for a presence stanza from
# USER@sip.localhost (any resource) of that type; without TYPE, available.
presence_from() {
	local from="(?=[^>]*from=\"$1@sip.localhost[/\"])"
	if [ -n "${2:-}" ]; then
		echo "<presence $from(?=[^>]*type=\"$2\")"
	else
		echo "<presence $from(?![^>]*type=)"
	fi
}

# sip_ua NAME STEPS...: paris@sip.localhost, a pjsua2 phone on UDP 5090
# sending through Kamailio, runs STEPS; events to NAME.sip.log, its SIP
# messages to NAME.pjsip.log.
sip_ua() {
	local name=$1
	shift
	timeout 50 "$VENV/bin/python" "$HERE/sip_ua.py" --id sip:paris@sip.localhost --port 5090 \
		--proxy 'sip:127.0.0.1:5070;lr' --timeout 40 --log "$E2E_RUN/$name.pjsip.log" \
		"$@" >"$E2E_RUN/$name.sip.log" 2>&1
}

run_presence() { # SERVER
	local s=$1 why client name mark

	# RFC 8048 X2S: juliet subscribes to romeo, a registered baresip, sees
	# him online, then offline when he says so, then ends her subscription:
	# baresip gets the SUBSCRIBE with Expires: 0 and closes its side. (Her
	# server drops the `unsubscribed` the gateway sends after its 200: her
	# roster says "none" by then, RFC 6121 §3.3.3.)
	name=$s-x2s-presence-baresip mark=$E2E_RUN/$s-x2s-presence-baresip.online why=""
	local closed
	closed=$(grep -c "notifier closed" "$E2E_RUN/baresip.log")
	printf '/presence_online\n' >&5 # before anyone subscribes (its first PIDF is otherwise "?")
	xmpp "$name" --subscribe romeo@sip.localhost \
		--expect "$(presence_from romeo subscribed)" --expect "$(presence_from romeo)" \
		--mark "$mark" --expect "$(presence_from romeo unavailable)" \
		--unsubscribe romeo@sip.localhost --timeout 40 &
	client=$!
	if wait_file "$mark" 20; then
		printf '/presence_offline\n' >&5
	else
		why="juliet did not see romeo subscribed and online"
	fi
	wait "$client" || why=${why:-"juliet did not see romeo go offline"}
	wait_count "$E2E_RUN/baresip.log" "notifier closed" $((closed + 1)) 10 ||
		why=${why:-"baresip did not close its notifier (no SUBSCRIBE with Expires: 0)"}
	report "$name" "$why"

	# The same with sipp as mercutio, for the exact mapping of a PIDF:
	# basic open, RPID away and a note become <show>away</show> and the
	# <status/>; juliet's unsubscribe reaches sipp as Expires: 0.
	name=$s-x2s-presence-sipp why=""
	local msg=$E2E_RUN/$name.sipp-5075.msg
	if ! sipp_call "$name-register" register.xml 5075 6075 -key user mercutio 127.0.0.1:5070; then
		why="sipp could not register mercutio"
	else
		sipp_call "$name" presence_notifier.xml 5075 6075 -key user mercutio &
		local uas=$!
		wait_udp 5075 5
		xmpp "$name" --subscribe mercutio@sip.localhost \
			--expect "$(presence_from mercutio subscribed)" \
			--expect "$(presence_from mercutio)(?=.*<show>away</show>)(?=.*<status[^>]*>Under the sycamore</status>)" \
			--unsubscribe mercutio@sip.localhost --timeout 20 ||
			why="juliet did not see mercutio subscribed, then away \"Under the sycamore\""
		wait "$uas" || why=${why:-"sipp did not get the SUBSCRIBE that ends the dialog"}
		# a SUBSCRIBE that sipp received, with Expires: 0 among its headers
		grep -Pzq 'received \[\d+\] bytes :\n\nSUBSCRIBE [^\n]*\n(?:[^\r\n][^\n]*\n)*Expires: 0\r?\n' "$msg" ||
			why=${why:-"no SUBSCRIBE with Expires: 0 at sipp"}
	fi
	report "$name" "$why"

	# RFC 8048 S2X: paris, a pjsua2 phone, subscribes to juliet; she
	# approves, his phone shows the subscription active, then her away with
	# her status (RPID away, a note); he ends his subscription and she sees
	# him unavailable (RFC 8048 §5.3.3: her authorization of him stays).
	name=$s-s2x-presence-pjsua2 mark=$E2E_RUN/$s-s2x-presence-pjsua2 why=""
	xmpp "$name" --ready "$mark.ready" --approve paris@sip.localhost \
		--wait-file "$mark.active" --presence away "At the balcony" \
		--expect "$(presence_from paris unavailable)" --timeout 45 &
	client=$!
	if ! wait_file "$mark.ready" 15; then
		why="the XMPP client did not log in"
	elif ! sip_ua "$name" watch:sip:juliet@localhost 'expect:sub=PENDING' \
		'expect:sub=ACTIVE' "touch:$mark.active" \
		'expect:sub=ACTIVE status=online activity=away text=At the balcony' \
		unwatch:sip:juliet@localhost 'expect:sub=TERMINATED'; then
		why="pjsua2 did not see juliet active, then away (see $name.sip.log)"
	fi
	wait "$client" || why=${why:-"juliet did not see paris's request or his unavailable"}
	report "$name" "$why"
}

# ---------------------------------------------------------------- main
start_kamailio || { echo "FAIL kamailio: did not start (see $E2E_RUN/kamailio.log)"; exit 1; }
start_baresip || echo "note: baresip did not register (see $E2E_RUN/baresip.log)"
for server in $SERVERS; do
	case $server in
	prosody | ejabberd) ;;
	*)
		report "$server" "unknown XMPP server (prosody or ejabberd)"
		continue
		;;
	esac
	if ! "start_$server"; then
		report "$server" "did not start (see $E2E_RUN/$server.log)"
		"stop_$server"
		continue
	fi
	if start_gateway "$server"; then
		for suite in $SUITES; do "run_$suite" "$server"; done
	else
		report "$server-gateway" "not ready (see $E2E_RUN/gateway-$server.log)"
	fi
	stop "$GATEWAY_PID"
	"stop_$server"
done
echo "time: $((EPOCHSECONDS - E2E_T0))s in all, ${SECONDS}s for the peers and scenarios"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
