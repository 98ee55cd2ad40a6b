//! Ranks: the place of this process in a job of several processes that log into one run (MPI,
//! SLURM, Polyaxon distributed jobs). Read from the explicit call, else from the usual
//! environment variables, else a single process.
//!
//! Rank 0 writes the job's own streams under their plain names; every other rank `r` writes its
//! own files, named with the suffix `__rank<r>` (`loss__rank3.plx`,
//! `assets/image/field__rank3_10.png`, `plxlogs/logs__rank3.jsonl`), its outputs under
//! `outputs/rank<r>/`, and its refs, inputs and outputs under suffixed names, so no file is
//! appended to by two processes and no name of one rank replaces another's.

use std::sync::Mutex;

use super::{Error, Result};

/// This process's rank and the job's size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rank {
    pub index: u32,
    pub size: u32,
}

impl Rank {
    pub const SINGLE: Rank = Rank { index: 0, size: 1 };

    /// Whether other processes write into the same run.
    pub fn is_shared(&self) -> bool {
        self.size > 1
    }

    /// Whether this process owns the run's status and descriptive metadata.
    pub fn owns_run(&self) -> bool {
        self.index == 0
    }

    /// The suffix of this rank's names: none for rank 0, `__rank<r>` otherwise.
    pub fn suffix(&self) -> String {
        if self.index == 0 {
            String::new()
        } else {
            format!("__rank{}", self.index)
        }
    }

    /// Whether a file stem belongs to this rank.
    pub fn owns_stem(&self, stem: &str) -> bool {
        match stem.rsplit_once("__rank") {
            Some((_, digits))
                if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) =>
            {
                digits.parse::<u32>().is_ok_and(|r| r == self.index)
            }
            _ => self.index == 0,
        }
    }
}

static EXPLICIT: Mutex<Option<Rank>> = Mutex::new(None);

/// Sets this process's rank, overriding the environment, for runs opened from now on.
pub fn set(rank: u32, size: u32) -> Result<()> {
    if size == 0 || rank >= size {
        return Err(Error::invalid_argument(format!(
            "rank {rank} of {size}: the rank must be below the size, and the size at least 1"
        )));
    }
    *EXPLICIT.lock().unwrap_or_else(|p| p.into_inner()) = Some(Rank { index: rank, size });
    Ok(())
}

/// The explicit rank, else the one the environment gives (`env` is the environment).
pub fn current(env: impl Fn(&str) -> Option<String>) -> Rank {
    if let Some(rank) = *EXPLICIT.lock().unwrap_or_else(|p| p.into_inner()) {
        return rank;
    }
    from_env(env)
}

/// Open MPI, MPICH and Intel MPI (PMI), PMIx, then SLURM.
fn from_env(env: impl Fn(&str) -> Option<String>) -> Rank {
    const PAIRS: [(&str, &str); 4] = [
        ("OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE"),
        ("PMI_RANK", "PMI_SIZE"),
        ("PMIX_RANK", "PMIX_SIZE"),
        ("SLURM_PROCID", "SLURM_NTASKS"),
    ];
    let number = |key: &str| env(key).and_then(|v| v.trim().parse::<u32>().ok());
    for (rank_key, size_key) in PAIRS {
        if let Some(index) = number(rank_key) {
            let size = number(size_key).unwrap_or(index + 1).max(index + 1);
            return Rank { index, size };
        }
    }
    Rank::SINGLE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_come_from_the_usual_variables() {
        let env = |k: &str| match k {
            "PMI_RANK" => Some("3".to_string()),
            "PMI_SIZE" => Some("8".to_string()),
            _ => None,
        };
        assert_eq!(from_env(env), Rank { index: 3, size: 8 });
        let slurm = |k: &str| (k == "SLURM_PROCID").then(|| "2".to_string());
        assert_eq!(from_env(slurm), Rank { index: 2, size: 3 });
        assert_eq!(from_env(|_| None), Rank::SINGLE);
    }

    #[test]
    fn names_and_stems_belong_to_one_rank() {
        let three = Rank { index: 3, size: 4 };
        assert_eq!(three.suffix(), "__rank3");
        assert!(three.owns_stem("loss__rank3"));
        assert!(!three.owns_stem("loss__rank13") && !three.owns_stem("loss"));
        let zero = Rank { index: 0, size: 4 };
        assert!(zero.owns_stem("loss") && zero.owns_stem("my__ranking"));
        assert!(!zero.owns_stem("loss__rank1"));
    }
}
