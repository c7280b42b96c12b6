#!/bin/sh
# xrdp-new-cert.sh DIR STAMP CN SAN GROUP — makes a new key and self-signed certificate ON the host (the
# private key never leaves it): DIR/rdp-doctor-STAMP.key (root:GROUP 0640) and DIR/rdp-doctor-STAMP.crt
# (0644), RSA 2048, SHA-256, 825 days, subject CN, subjectAltName SAN ("DNS:a,IP:1.2.3.4"), server-auth EKU.
# Refuses to overwrite. CN and SAN were checked by the caller (names and addresses only); checked again here,
# because openssl reads structure into both (-subj splits at "/", -addext at ",").
set -eu
dir=$1 stamp=$2 cn=$3 san=$4 group=$5
case $cn in '' | *[!A-Za-z0-9.:*-]*) echo "refusing the subject name $cn: not a host name or address" >&2; exit 1 ;; esac
case $san in '' | *[!A-Za-z0-9.:,*-]*) echo "refusing the subjectAltName $san: not host names or addresses" >&2; exit 1 ;; esac
key="$dir/rdp-doctor-$stamp.key"
crt="$dir/rdp-doctor-$stamp.crt"
command -v openssl >/dev/null 2>&1 || { echo "openssl is not installed on the host" >&2; exit 1; }
[ -d "$dir" ] || { echo "no folder $dir" >&2; exit 1; }
getent group "$group" >/dev/null 2>&1 || { echo "no group $group" >&2; exit 1; }
if [ -e "$key" ] || [ -e "$crt" ]; then echo "$key or $crt exists already" >&2; exit 1; fi
umask 077
openssl req -x509 -newkey rsa:2048 -sha256 -days 825 -nodes \
  -subj "/CN=$cn" -addext "subjectAltName=$san" -addext "extendedKeyUsage=serverAuth" \
  -keyout "$key" -out "$crt" 2>&1
chown "root:$group" -- "$key"
chmod 0640 -- "$key"
chmod 0644 -- "$crt"
echo "key=$key"
echo "cert=$crt"
openssl x509 -in "$crt" -noout -subject -enddate -fingerprint -sha256
