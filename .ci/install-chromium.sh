#!/usr/bin/env bash
# Installs Debian's headless-capable Chromium for the explorer's dashboard test
# (ExplorerDashboardBrowserTest). Does nothing when it is already there; never fails here:
# without Chromium the browser test skips itself with a message, or fails when CI=true.
set -uo pipefail
if command -v chromium >/dev/null 2>&1; then
	exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
	echo "install-chromium: not root or no apt-get; the dashboard browser test will be skipped (or fail with CI=true)" >&2
	exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null \
	|| echo "install-chromium: apt-get failed; the dashboard browser test will be skipped (or fail with CI=true)" >&2
exit 0
