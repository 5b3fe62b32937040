from jiaohao.cli import main

main()
