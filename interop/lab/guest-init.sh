#!/bin/sh
# PID 1 of a User-Mode Linux lab guest. The host's root is mounted read-only (hostfs); the
# guest gets private tmpfs mounts and one read-write lab directory ($LAB_DIR, hostfs), where
# the host drops commands (cmd.N.sh) and the guest answers (cmd.N.out, cmd.N.rc). The host
# passes LAB_DIR, LAB_ADDR (address/prefix of vec0) and LAB_NAME on the kernel command line.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
for d in /tmp /run /dev/shm /var/run /var/lib /var/log /etc/swanctl /etc/bird /etc/frr /var/tmp; do
  mount -t tmpfs tmpfs "$d" 2>/dev/null
done
mount -t hostfs -o /usr/lib/uml/modules hostfs /lib/modules
mkdir -p "$LAB_DIR"
mount -t hostfs -o "$LAB_DIR" hostfs "$LAB_DIR"
hostname "${LAB_NAME:-guest}"
for m in esp4 esp6 xfrm_user xfrm_algo gcm ghash_generic aes_generic sha256_generic authenc \
         echainiv seqiv cryptd crypto_null udp_tunnel af_key; do
  modprobe "$m" 2>/dev/null
done
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 2>/dev/null
ip link set lo up
ip link set vec0 up
ip addr add "$LAB_ADDR" dev vec0
echo "up $(uname -r)" > "$LAB_DIR/status"
i=0
while [ ! -e "$LAB_DIR/halt" ]; do
  if [ -e "$LAB_DIR/cmd.$i.sh" ]; then
    sh "$LAB_DIR/cmd.$i.sh" > "$LAB_DIR/cmd.$i.out" 2>&1
    echo $? > "$LAB_DIR/cmd.$i.rc.tmp" && mv "$LAB_DIR/cmd.$i.rc.tmp" "$LAB_DIR/cmd.$i.rc"
    i=$((i + 1))
  else
    sleep 0.1
  fi
done
echo down > "$LAB_DIR/status"
sync
halt -f
