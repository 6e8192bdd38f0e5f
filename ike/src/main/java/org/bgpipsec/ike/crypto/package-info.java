/**
 * The narrow crypto layer of IKEv2: PRFs and prf+ (RFC 7296 2.13), SKEYSEED and the IKE SA keys
 * (2.14, 2.18), Child SA KEYMAT (2.17), key exchange for groups 14, 19, 20 and 31 on the JDK,
 * Bouncy Castle and, for 19 and 20, the native ACCP ({@link
 * org.bgpipsec.ike.crypto.KeyExchangeProvider}, {@link org.bgpipsec.ike.crypto.NativeCrypto}), SK
 * payload ciphers (AES-CBC + HMAC-SHA2, AES-GCM-16), PSK AUTH (2.15) and stateless cookies (2.6).
 * Secrets are {@link org.bgpipsec.ike.crypto.KeyMaterial} handles that are zeroed on destroy;
 * protocol code never touches javax.crypto.
 */
package org.bgpipsec.ike.crypto;
