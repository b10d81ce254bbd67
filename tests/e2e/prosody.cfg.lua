-- Prosody for the end-to-end tests: loopback only, no TLS, no federation.
-- Every file it writes goes under $E2E_RUN (run.sh sets it).
local run = ENV_E2E_RUN or "."

run_as_root = true
pidfile = run .. "/prosody.pid"
data_path = run .. "/prosody-data"
certificates = run .. "/certs"  -- none there: no TLS offered

interfaces = { "127.0.0.1" }
c2s_ports = { 5222 }
component_interfaces = { "127.0.0.1" }
component_ports = { 5347 }
s2s_ports = { }
http_ports = { }
https_ports = { }
c2s_direct_tls_ports = { }

modules_enabled = { "roster"; "saslauth"; "disco"; "presence"; "ping" }
modules_disabled = { "s2s"; "offline"; "tls" }

c2s_require_encryption = false
allow_unencrypted_plain_auth = true
authentication = "internal_plain"
storage = "internal"

log = { { levels = { min = "info" }, to = "file", filename = run .. "/prosody.log" } }

VirtualHost "localhost"

-- The gateway: an XEP-0114 component serving the SIP domain.
Component "sip.localhost"
	component_secret = "stox-secret"
