# complete.bash COMPLETION WORD...: load bash-completion and COMPLETION, then
# complete the last WORD as bash would with COMP_WORDS=(WORD...) and print
# COMPREPLY, one entry per line, sorted. Give the words as bash splits them:
# `--signal=K` is the three words `--signal` `=` `K`.
source /usr/share/bash-completion/bash_completion || exit 1
source "$1" || exit 1
shift
compopt() { :; } # only valid inside a real completion
COMP_WORDS=("$@")
COMP_CWORD=$(($# - 1))
COMP_LINE=$1
for ((i = 1; i < $#; i++)); do # no blank around a `=` bash split off
	w=${COMP_WORDS[i]}
	[[ $w == = || ${COMP_WORDS[i - 1]} == = ]] && COMP_LINE+=$w || COMP_LINE+=" $w"
done
COMP_POINT=${#COMP_LINE}
_stallsup "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort
