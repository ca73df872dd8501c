#!/bin/bash
# A single-node Ceph (1 monitor, 1 in-memory OSD, radosgw) on 127.0.0.1 (no cephx between its daemons; S3 requests are still signed and checked): a real S3 server for tests.
# Verified on this kind of machine: apt-get install -y --no-install-recommends radosgw ceph-mon ceph-osd ceph-common (about 270 MB, 30 s);
# start takes about 15 s and 250 MB RAM. S3 endpoint http://127.0.0.1:7480 (by default), access key "test", secret "testsecret", path-style.
# Buckets: create them with region us-east-1 (the default zonegroup); a LocationConstraint such as
# eu-north-1 is refused with InvalidLocationConstraint. Measured here: awscli 2.9 uploads 1,000 x 200 KB in ~8.5 s.
# Stop: kill the PIDs listed in $D/pids. Without "ms mon client mode = crc secure" radosgw hangs on auth.
#
# The project's copy of ../shared/recipes/ceph-rgw-local.sh, parametrised so that several test runs
# (and several engineers) can each have their own cluster side by side:
#   scripts/start-radosgw.sh [DIR] [RGW_PORT] [MON_PORT]
# (or CEPH_DIR / RGW_PORT / MON_PORT in the environment). Defaults: /tmp/ceph-rgw-local, 7480, 13300.
# MEMSTORE_BYTES sizes the in-memory OSD (default 1 GiB; the benchmark asks for more). The OSD's
# failsafe refuses writes near full, and the monitor must not stop for a fullish /tmp.
# The last line printed is "ceph ready: pids …"; test/support/radosgw.ts waits for it.
set -eu
T0=$(date +%s%N); ph(){ echo "[$(( ($(date +%s%N)-T0)/1000000 )) ms] $*"; }
D=${1:-${CEPH_DIR:-/tmp/ceph-rgw-local}}; RGW_PORT=${2:-${RGW_PORT:-7480}}; MON_PORT=${3:-${MON_PORT:-13300}}
rm -rf $D; mkdir -p $D/{run,log,mon,osd,rgw}
FSID=$(cat /proc/sys/kernel/random/uuid)
cat > $D/ceph.conf <<CONF
[global]
fsid = $FSID
mon host = v2:127.0.0.1:$MON_PORT/0
mon initial members = a
auth cluster required = none
auth service required = none
auth client required = none
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon allow pool size one = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
osd crush chooseleaf type = 0
osd objectstore = memstore
memstore device bytes = ${MEMSTORE_BYTES:-1073741824}
mon data avail warn = 1
mon data avail crit = 0
ms bind ipv4 = true
ms bind ipv6 = false
ms mon client mode = crc secure
ms client mode = crc secure
public addr = 127.0.0.1
run dir = $D/run
log file = $D/log/\$name.log
admin socket = $D/run/\$name.asok
mon data = $D/mon/\$id
osd data = $D/osd/\$id
keyring = $D/keyring
[client.rgw.t]
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT
rgw data = $D/rgw
rgw enable usage log = false
CONF
C="-c $D/ceph.conf"
ceph-authtool --create-keyring $D/keyring --gen-key -n mon. --cap mon 'allow *' >/dev/null
monmaptool --create --addv a "[v2:127.0.0.1:$MON_PORT]" --fsid $FSID $D/monmap >/dev/null
ceph-mon $C --mkfs -i a --monmap $D/monmap --keyring $D/keyring
ceph-mon $C -i a -f & echo $! > $D/pids
sleep 1
UUID=$(cat /proc/sys/kernel/random/uuid)
ID=$(timeout 30 ceph $C osd new $UUID)
mkdir -p $D/osd/$ID
ceph-osd $C -i $ID --mkfs --osd-uuid $UUID 2>&1 | tail -1
ph mon up, osd mkfs done
ceph-osd $C -i $ID -f & echo $! >> $D/pids
for i in $(seq 1 60); do timeout 10 ceph $C osd stat 2>/dev/null | grep -q "1 up" && break; sleep 0.5; done
ph osd up
radosgw $C -n client.rgw.t -f & echo $! >> $D/pids
ok=0; for i in $(seq 1 240); do (exec 3<>/dev/tcp/127.0.0.1/$RGW_PORT) 2>/dev/null && { ok=1; break; }; sleep 0.25; done
[ $ok = 1 ] || { echo "radosgw did not open $RGW_PORT"; exit 1; }
ph rgw listening
radosgw-admin $C user create --uid=test --display-name=test --access-key=test --secret-key=testsecret >/dev/null
ph user created
echo "ceph ready: pids $(tr '\n' ' ' < $D/pids)"
