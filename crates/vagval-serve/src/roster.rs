//! Who may take part: one pseudonymous participant per seat at the table,
//! by political group, each with a 128-bit random token for their personal
//! link, plus the facilitator's and the presenter's secrets. Kept in the
//! session folder as `roster.json` (written atomically, readable by the
//! owner only). No names are stored: a participant is `<group>-<n>`.

use serde::{Deserialize, Serialize};
use std::fs;
use std::path::Path;
use thiserror::Error;

/// Bytes of randomness in a token (128 bits).
pub const TOKEN_BYTES: usize = 16;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    /// Pseudonymous: the group's id and a number (`s-2`).
    pub id: String,
    pub group: String,
    /// The member's weight in the group's geometric mean (1 by default).
    pub weight: f64,
    /// 32 lower-case hex digits.
    pub token: String,
    /// The participant's forms carry it (CSRF synchronizer token).
    pub csrf: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Roster {
    pub participants: Vec<Participant>,
    /// Opens the control page from another machine (`/f/<secret>`).
    pub facilitator: String,
    /// Opens the presenter page (`/p/<secret>`).
    pub presenter: String,
    /// The facilitator's forms carry it.
    pub facilitator_csrf: String,
}

#[derive(Debug, Error)]
pub enum RosterError {
    #[error("the system's random number generator failed: {0}")]
    Random(String),
    #[error("{path}: {reason}")]
    Unreadable { path: String, reason: String },
}

/// A fresh 128-bit token as hex.
pub fn token() -> Result<String, RosterError> {
    let mut bytes = [0u8; TOKEN_BYTES];
    getrandom::fill(&mut bytes).map_err(|e| RosterError::Random(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether `text` has a token's shape (checked before any lookup).
pub fn is_token(text: &str) -> bool {
    text.len() == 2 * TOKEN_BYTES && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

impl Roster {
    /// A roster of `members(group)` participants for each group.
    pub fn new(groups: &[(String, usize)]) -> Result<Roster, RosterError> {
        let mut participants = Vec::new();
        for (group, count) in groups {
            for n in 1..=*count {
                participants.push(Participant {
                    id: format!("{group}-{n}"),
                    group: group.clone(),
                    weight: 1.0,
                    token: token()?,
                    csrf: token()?,
                });
            }
        }
        Ok(Roster {
            participants,
            facilitator: token()?,
            presenter: token()?,
            facilitator_csrf: token()?,
        })
    }

    pub fn read(path: &Path) -> Result<Option<Roster>, RosterError> {
        let unreadable = |reason: String| RosterError::Unreadable {
            path: path.display().to_string(),
            reason,
        };
        match fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text)
                .map(Some)
                .map_err(|e| unreadable(e.to_string())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(unreadable(e.to_string())),
        }
    }

    /// The participant whose token is `token`, compared in constant time
    /// per participant so a guess learns nothing from timing.
    pub fn by_token(&self, token: &str) -> Option<usize> {
        if !is_token(token) {
            return None;
        }
        let mut found = None;
        for (index, p) in self.participants.iter().enumerate() {
            if constant_time_eq(p.token.as_bytes(), token.as_bytes()) {
                found = Some(index);
            }
        }
        found
    }

    pub fn by_id(&self, id: &str) -> Option<usize> {
        self.participants.iter().position(|p| p.id == id)
    }
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_128_bit_hex_and_differ() {
        let a = token().unwrap();
        let b = token().unwrap();
        assert!(is_token(&a) && is_token(&b));
        assert_ne!(a, b);
        assert!(!is_token("ABCDEF"));
        assert!(!is_token(&a.to_uppercase()));
    }

    #[test]
    fn a_roster_has_a_pseudonymous_participant_per_member() {
        let roster = Roster::new(&[("s".into(), 2), ("m".into(), 1)]).unwrap();
        let ids: Vec<&str> = roster.participants.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["s-1", "s-2", "m-1"]);
        let second = &roster.participants[1];
        assert_eq!(roster.by_token(&second.token), Some(1));
        assert_eq!(roster.by_token(&roster.facilitator), None);
        assert_eq!(roster.by_token("nope"), None);
    }
}
