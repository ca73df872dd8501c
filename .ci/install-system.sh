#!/usr/bin/env bash
# Debian packages the tests need: real verifiers and real servers, never fakes.
#   chromium/xvfb      end-to-end tests of browser mode
#   poppler-utils qpdf  independent PDF verifiers (pdfsig, qpdf --check)
#   mupdf-tools         a third verifier (mutool sign -v) for the PAdES level tests
#   libnss3-tools       certutil/pk12util for poppler's own signer (benchmark peer)
#   cups-ipp-utils      ipptool and its IPP conformance suites
#   openssh-server      a real SFTP peer
#   radosgw + ceph      a real S3 server
#   libusb/libudev      node-hid at run time
#   time                /usr/bin/time for the benchmarks' memory peaks
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
pkgs=(chromium xvfb poppler-utils qpdf mupdf-tools libnss3-tools cups-ipp-utils openssh-server openssh-client
      radosgw ceph-mon ceph-osd ceph-common libusb-1.0-0 libudev1 libusb-1.0-0-dev libudev-dev
      openssl fonts-dejavu-core time)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
