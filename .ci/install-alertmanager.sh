#!/usr/bin/env bash
# Installs Debian's Prometheus Alertmanager for the tests that run one (AlertsThroughAlertmanagerTest,
# AlertmanagerTlsAndAuthTest). Does nothing when it is already there; never fails here: without it
# those tests skip with a message, or fail when CI=true.
set -uo pipefail
if [ -x /usr/bin/prometheus-alertmanager ]; then
	exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
	echo "install-alertmanager: not root or no apt-get; the Alertmanager tests will be skipped (or fail with CI=true)" >&2
	exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends prometheus-alertmanager >/dev/null \
	|| echo "install-alertmanager: apt-get failed; the Alertmanager tests will be skipped (or fail with CI=true)" >&2
exit 0
