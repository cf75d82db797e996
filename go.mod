module github.com/wxlicense/wxlicense

go 1.26
