//! The offline unlock verifier: a salted PBKDF2-SHA256 hash of the person's password, made by the browser's
//! WebCrypto when they sign in, so the lock screen can check the password with the network down. The password
//! itself is never kept.

use js_sys::{Array, Object, Uint8Array};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// PBKDF2-SHA256 iterations: OWASP's recommendation for this hash.
pub const ITERATIONS: u32 = 600_000;
const SALT_BYTES: usize = 16;
const HASH_BITS: u32 = 256;

/// What the device keeps to check a password offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verifier {
    /// Random salt, hex.
    pub salt: String,
    pub iterations: u32,
    /// The derived bits, hex.
    pub hash: String,
}

/// Why a verifier could not be made or checked (a browser without WebCrypto, say).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("This browser could not check the password on this device ({0}).")]
pub struct VerifierError(String);

fn js_error(value: JsValue) -> VerifierError {
    VerifierError(crate::desk::store::idb::js_message(&value))
}

pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

/// Equal without stopping at the first difference.
pub fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn crypto() -> Result<web_sys::Crypto, VerifierError> {
    web_sys::window().ok_or_else(|| VerifierError("no window".into()))?.crypto().map_err(js_error)
}

async fn derive(password: &str, salt: &[u8], iterations: u32) -> Result<Vec<u8>, VerifierError> {
    let subtle = crypto()?.subtle();
    let password = Uint8Array::from(password.as_bytes());
    let usages = Array::of1(&JsValue::from_str("deriveBits"));
    let key = JsFuture::from(subtle.import_key_with_str("raw", &password, "PBKDF2", false, &usages).map_err(js_error)?)
        .await
        .map_err(js_error)?;
    let key: web_sys::CryptoKey = key.dyn_into().map_err(js_error)?;
    let salt = Uint8Array::from(salt);
    let params = web_sys::Pbkdf2Params::new("PBKDF2", &JsValue::from_str("SHA-256"), iterations, &salt);
    let params: &Object = params.as_ref();
    let bits = JsFuture::from(subtle.derive_bits_with_object(params, &key, HASH_BITS).map_err(js_error)?)
        .await
        .map_err(js_error)?;
    Ok(Uint8Array::new(&bits).to_vec())
}

/// Make a verifier for `password` with a fresh random salt.
pub async fn make(password: &str) -> Result<Verifier, VerifierError> {
    let mut salt = [0u8; SALT_BYTES];
    crypto()?.get_random_values_with_u8_array(&mut salt).map_err(js_error)?;
    let hash = derive(password, &salt, ITERATIONS).await?;
    Ok(Verifier { salt: to_hex(&salt), iterations: ITERATIONS, hash: to_hex(&hash) })
}

/// Is `password` the one `verifier` was made from?
pub async fn check(password: &str, verifier: &Verifier) -> Result<bool, VerifierError> {
    let (Some(salt), Some(expected)) = (from_hex(&verifier.salt), from_hex(&verifier.hash)) else {
        return Err(VerifierError("the saved check is damaged; sign in with the network on".into()));
    };
    let hash = derive(password, &salt, verifier.iterations).await?;
    Ok(same_bytes(&hash, &expected))
}
