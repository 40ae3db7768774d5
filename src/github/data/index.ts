export { getBranchHead, getCommitInfo, getRefSha, listTreeFiles, type BranchHead, type CommitInfo, type TreeListing } from "./branches.js";
export { readFileAt, readFileBytesAt, readFileOnDefaultBranch } from "./config-file.js";
